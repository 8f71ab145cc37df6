import { render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, ok } from '../../test/fake-api';
import { staffRoutes } from '../../test/staff-api';
import { AuditScreen } from './audit-screen';

const $ = (selector: string) => document.querySelector(selector);

describe('AuditScreen', () => {
  it('lists who did what, when, with the request and the state after', async () => {
    fakeApi(
      staffRoutes({
        'GET /v1/admin/audit?buildingId=B-1&limit=20': () =>
          ok({
            items: [{ id: 'a1', at: '2026-12-02T01:00:00Z', actor: 'user:boss-1', action: 'POST /v1/admin/meters/{meterId}/payments', meterId: 'E-1', buildingId: 'B-1', request: { meterId: 'E-1', body: { amountFen: 5000, method: 'cash' } }, after: { balanceFen: 9000 }, status: 201 }],
            next: null,
          }),
      }),
    );
    render(<AuditScreen buildingId='B-1' />);
    await waitFor(() => expect($('#audit-a1')).not.toBeNull());
    expect($('#audit-a1')?.textContent).toContain('POST /v1/admin/meters/{meterId}/payments');
    expect($('#audit-a1')?.textContent).toContain('user:boss-1 · 2026-12-02 09:00');
    expect($('#audit-a1')?.textContent).toContain('"amountFen":5000');
    expect($('#audit-a1')?.textContent).toContain('结果: {"balanceFen":9000}');
  });

  it('says when nothing was recorded', async () => {
    fakeApi(staffRoutes({ 'GET /v1/admin/audit?buildingId=B-1&limit=20': () => ok({ items: [], next: null }) }));
    render(<AuditScreen buildingId='B-1' />);
    await waitFor(() => expect($('#audit-empty')).not.toBeNull());
  });
});
