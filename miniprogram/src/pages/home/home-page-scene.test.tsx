import { render, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, fakeApi, ok } from '../../test/fake-api';
import { aMeter } from '../../test/meters';
import { closePage, openPageAt } from '../../test/page-router';
import { tenantRoutes } from '../../test/tenant-api';
import { pagePath } from '../../routes';
import HomePage from './index';

const SCENE = 'q=Ab3dEf6hIj9kLm0p';

beforeEach(() => {
  window.localStorage.clear();
  openPageAt(pagePath('home'), { scene: encodeURIComponent(SCENE) });
});

afterEach(() => {
  closePage();
  vi.restoreAllMocks();
});

describe('HomePage opened from a meter’s QR code', () => {
  it('binds the tenant to that meter once, then shows it', async () => {
    let bound = false;
    const { seen } = fakeApi(
      tenantRoutes([], {
        'POST /v1/bindings': () => {
          bound = true;
          return { statusCode: 201, data: { meterId: 'E-9' } };
        },
        'GET /v1/me/meters': () => ok({ items: bound ? [aMeter({ id: 'E-9' })] : [], next: null }),
      }),
    );
    const { container } = render(<HomePage />);

    await waitFor(() => expect(container.querySelector('#meter-E-9')).not.toBeNull());
    expect(container.querySelector('#scene-binding')?.textContent).toBe('已绑定表计 E-9');
    expect(seen.filter((request) => request.url === '/v1/bindings').map((request) => request.data)).toEqual([{ scene: SCENE }]);
  });

  it('shows the bound meter when the first list was asked for before the binding and answered after it', async () => {
    // The race a slow network makes: the list leaves (no meter yet), the binding lands, then the list's old answer arrives.
    let listAsked!: () => void;
    const firstListAsked = new Promise<void>((resolve) => (listAsked = resolve));
    let bindingAnswered!: () => void;
    const afterBinding = new Promise<void>((resolve) => (bindingAnswered = resolve));
    let bound = false;
    fakeApi(
      tenantRoutes([], {
        'GET /v1/me/meters': () => {
          const answer = ok({ items: bound ? [aMeter({ id: 'E-9' })] : [], next: null });
          listAsked();
          return bound ? answer : afterBinding.then(() => answer);
        },
        'POST /v1/bindings': () =>
          firstListAsked.then(() => {
            bound = true;
            setTimeout(bindingAnswered, 20);
            return { statusCode: 201, data: { meterId: 'E-9' } };
          }),
      }),
    );
    const { container } = render(<HomePage />);

    await waitFor(() => expect(container.querySelector('#scene-binding')?.textContent).toBe('已绑定表计 E-9'));
    await waitFor(() => expect(container.querySelector('#meter-E-9')).not.toBeNull());
    expect(container.querySelector('#no-meters')).toBeNull();
  });

  it('says plainly when the code is no longer valid, and binds nothing', async () => {
    fakeApi(tenantRoutes([], { 'POST /v1/bindings': () => fail(404, 'binding.code_unknown', 'This code does not match a meter') }));
    const { container } = render(<HomePage />);

    await waitFor(() => expect(container.querySelector('#scene-binding')?.getAttribute('data-status')).toBe('failed'));
    expect(container.querySelector('#scene-binding')?.textContent).toBe('这个二维码无效或已更换，请扫描表计上最新的二维码，或联系管理处。');
    expect(container.querySelector('#no-meters')).not.toBeNull();
  });
});
