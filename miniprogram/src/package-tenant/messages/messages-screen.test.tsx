import { fireEvent, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, ok } from '../../test/fake-api';
import { aMeter } from '../../test/meters';
import { tenantRoutes } from '../../test/tenant-api';
import { MessagesScreen } from './messages-screen';

const METER = aMeter({ id: 'E-1' });
const $ = (selector: string) => document.querySelector(selector);
const items = (remaining: Record<string, number>) =>
  ['low_balance', 'supply_cut', 'supply_restored', 'recharge_credited', 'refund_decided'].map((kind) => ({ kind, templateId: `local-${kind}`, remaining: remaining[kind] ?? 0 }));

afterEach(() => vi.restoreAllMocks());

const NIGHT_FLOW = { kind: 'night_flow', severity: 'warning', since: '2026-11-30T18:00:00Z', lastSeenAt: '2026-12-01T18:30:00Z', count: 3 };

function world(alarms: unknown[] = []) {
  let remaining: Record<string, number> = {};
  let phone: string | null = null;
  return fakeApi(
    tenantRoutes([METER], {
      'GET /v1/me/subscriptions': () => ok({ items: items(remaining), phone }),
      'POST /v1/me/subscriptions': (request) => {
        const results = (request.data as { results: Record<string, string> }).results;
        for (const [id, answer] of Object.entries(results)) if (answer === 'accept') remaining = { ...remaining, [id.slice(6)]: (remaining[id.slice(6)] ?? 0) + 1 };
        return ok({ items: items(remaining), phone });
      },
      'POST /v1/me/phone': (request) => {
        phone = `${(request.data as { phone: string }).phone.slice(0, 3)}****${(request.data as { phone: string }).phone.slice(-4)}`;
        return ok({ items: items(remaining), phone });
      },
      'GET /v1/meters/E-1/alarms': () => ok({ items: alarms, next: null }),
      'GET /v1/meters/E-1/notifications?limit=20': () => ok({ items: [{ id: 'n1', meterId: 'E-1', kind: 'low_balance', channel: 'wechat', to: 'demo-tenant-1', status: 'sent', at: '2026-12-01T02:00:00Z', text: '502 电表 余额不足：¥12.00' }], next: null }),
    }),
  );
}

describe('MessagesScreen', () => {
  it("asks WeChat (here, the browser's dialog) on a tap, and counts each accept as one more message", async () => {
    const { seen } = world();
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    render(<MessagesScreen />);
    await waitFor(() => expect($('#subscription-low_balance')?.textContent).toContain('未订阅'));
    fireEvent.click($('#subscribe-balance')!);
    await waitFor(() => expect($('#subscription-low_balance')?.textContent).toContain('还可接收 1 条'));
    expect($('#subscription-recharge_credited')?.textContent).toContain('未订阅');
    expect(seen.find((request) => request.method === 'POST' && request.url === '/v1/me/subscriptions')?.data).toEqual({ results: { 'local-low_balance': 'accept', 'local-supply_cut': 'accept', 'local-supply_restored': 'accept' } });
  });

  it('records a refusal as no grant', async () => {
    world();
    vi.spyOn(window, 'confirm').mockReturnValue(false);
    render(<MessagesScreen />);
    await waitFor(() => expect($('#subscribe-money')).not.toBeNull());
    fireEvent.click($('#subscribe-money')!);
    await waitFor(() => expect($('#subscription-recharge_credited')?.textContent).toContain('未订阅'));
  });

  it('keeps a phone for SMS after checking it, and lists the messages of each meter', async () => {
    world();
    render(<MessagesScreen />);
    await waitFor(() => expect($('#phone-form')).not.toBeNull());
    const input = $('#phone-input')!.querySelector('input') ?? $('#phone-input')!;
    fireEvent.input(input, { target: { value: '1380013800' } });
    fireEvent.click($('#phone-save')!);
    await waitFor(() => expect($('#messages-outcome')?.textContent).toBe('请输入 11 位手机号'));
    fireEvent.input(input, { target: { value: '13800138000' } });
    fireEvent.click($('#phone-save')!);
    await waitFor(() => expect($('#messages-outcome')?.textContent).toBe('已保存 138****8000'));
    await waitFor(() => expect($('#messages-E-1')?.textContent).toContain('余额不足：¥12.00'));
    expect($('#messages-E-1')?.textContent).toContain('微信 · 已发送');
  });

  it("shows what is wrong with each meter now, with what it means and what to do, or that all is well", async () => {
    world([NIGHT_FLOW]);
    const { unmount } = render(<MessagesScreen />);
    await waitFor(() => expect($('#alarms-E-1 [data-kind="night_flow"]')).not.toBeNull());
    const alarm = $('#alarms-E-1 [data-kind="night_flow"]')!;
    expect(alarm.textContent).toContain('夜间持续用水');
    expect(alarm.textContent).toContain('可能漏水');
    expect(alarm.textContent).toContain('出现 3 次，最近 2026-12-02 02:30');
    expect(alarm.getAttribute('role')).toBe('alert');
    unmount();

    world([]);
    render(<MessagesScreen />);
    await waitFor(() => expect($('#alarms-E-1')?.textContent).toContain('一切正常'));
  });
});
