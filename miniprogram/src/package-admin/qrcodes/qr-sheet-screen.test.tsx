import { fireEvent, render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, ok } from '../../test/fake-api';
import { staffRoutes } from '../../test/staff-api';
import { QrSheetScreen } from './qr-sheet-screen';

const $ = (selector: string) => document.querySelector(selector);
const PNG = 'iVBORw0KGgo=';
const item = (meterId: string, room: string, utility: 'electricity' | 'water') => ({ meterId, room, utility, scene: `q=${meterId}-code-000000`, png: PNG });

describe('QrSheetScreen', () => {
  it('lays out each meter’s code with its room, utility and id, and pages on', async () => {
    fakeApi(
      staffRoutes({
        'GET /v1/admin/buildings/B-1/qrcodes?limit=24': () => ok({ items: [item('E-101', 'A-101', 'electricity')], next: 'E-101' }),
        'GET /v1/admin/buildings/B-1/qrcodes?limit=24&cursor=E-101': () => ok({ items: [item('W-101', 'A-101', 'water')], next: null }),
      }),
    );
    render(<QrSheetScreen buildingId='B-1' />);
    await waitFor(() => expect($('#qr-E-101')).not.toBeNull());
    expect($('#qr-E-101')?.textContent).toBe('A-101 电表E-101');
    expect($('#qr-E-101 img')?.getAttribute('src')).toBe(`data:image/png;base64,${PNG}`);
    expect($('#qr-print')).not.toBeNull();
    fireEvent.click($('#qr-more')!);
    await waitFor(() => expect($('#qr-W-101')?.textContent).toBe('A-101 水表W-101'));
    expect($('#qr-more')).toBeNull();
  });

  it('says when the building has no meter', async () => {
    fakeApi(staffRoutes({ 'GET /v1/admin/buildings/B-1/qrcodes?limit=24': () => ok({ items: [], next: null }) }));
    render(<QrSheetScreen buildingId='B-1' />);
    await waitFor(() => expect($('#qr-empty')).not.toBeNull());
  });
});
