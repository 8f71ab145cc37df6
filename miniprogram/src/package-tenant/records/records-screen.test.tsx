import { fireEvent, render, waitFor } from '@testing-library/react';
import { describe, expect, it, vi, afterEach } from 'vitest';
import { fail, fakeApi, ok } from '../../test/fake-api';
import { aMeter } from '../../test/meters';
import { tenantRoutes } from '../../test/tenant-api';
import { describeLocation } from '../../format';
import { ReceiptScreen } from '../receipt/receipt-screen';
import { RecordsScreen } from './records-screen';

const METER = aMeter({ id: 'E-1' });
const $ = (selector: string) => document.querySelector(selector);
const DAY = { kind: 'charges', day: '2026-12-01', count: 96, quantity: 8_500, amountFen: -415, balanceAfterFen: 12_030, from: '2026-11-30T16:01:00Z', to: '2026-12-01T15:46:00Z' };
const RECHARGE = { kind: 'recharge', entryId: 'ent-1', amountFen: 5000, balanceAfterFen: 12_445, at: '2026-11-30T02:00:00Z', method: 'wechat_pay' };

afterEach(() => vi.restoreAllMocks());

describe('RecordsScreen', () => {
  it("shows a day's charges as one line and a recharge with its method, each with the balance after, and pages on", async () => {
    const { seen } = fakeApi(
      tenantRoutes([METER], {
        'GET /v1/meters/E-1': () => ok(METER),
        'GET /v1/meters/E-1/records?limit=20': () => ok({ items: [DAY], next: 'c1' }),
        'GET /v1/meters/E-1/records?limit=20&cursor=c1': () => ok({ items: [RECHARGE], next: null }),
      }),
    );
    render(<RecordsScreen meterId='E-1' />);
    await waitFor(() => expect($('#records')).not.toBeNull());
    expect($('.record--charges')?.textContent).toContain('2026-12-01 用电 8.50 kWh');
    expect($('.record--charges')?.textContent).toContain('96 次抄表扣费');
    expect($('.record--charges')?.textContent).toContain('-¥4.15');
    expect($('.record--charges')?.textContent).toContain('余额 ¥120.30');
    fireEvent.click($('#records-more')!);
    await waitFor(() => expect($('#record-ent-1')).not.toBeNull());
    expect($('#record-ent-1')?.textContent).toContain('充值 · 微信支付');
    expect($('#record-ent-1')?.textContent).toContain('+¥50.00');
    expect($('#records-more')).toBeNull();
    expect(seen.filter((request) => request.url.startsWith('/v1/meters/E-1/records'))).toHaveLength(2);
  });

  it('says there is nothing yet, and shows a failure with a retry', async () => {
    fakeApi(tenantRoutes([METER], { 'GET /v1/meters/E-1': () => ok(METER), 'GET /v1/meters/E-1/records?limit=20': () => ok({ items: [], next: null }) }));
    render(<RecordsScreen meterId='E-1' />);
    await waitFor(() => expect($('#records-empty')?.textContent).toBe('还没有收支记录'));
  });

  it('shows a failure with a retry', async () => {
    fakeApi(tenantRoutes([METER], { 'GET /v1/meters/E-1': () => ok(METER), 'GET /v1/meters/E-1/records?limit=20': () => fail(503, 'service.unavailable', 'down') }));
    render(<RecordsScreen meterId='E-1' />);
    await waitFor(() => expect($('.api-error')).not.toBeNull());
    expect($('#records')).toBeNull();
  });
});

describe('ReceiptScreen', () => {
  it('lists the receipt of a recharge', async () => {
    fakeApi(tenantRoutes([METER], { 'GET /v1/meters/E-1': () => ok(METER), 'GET /v1/meters/E-1/ledger/ent-1': () => ok({ id: 'ent-1', kind: 'recharge', amountFen: 5000, balanceAfterFen: 12_445, at: '2026-11-30T02:00:00Z', method: 'wechat_pay', reference: '4200000001' }) }));
    render(<ReceiptScreen meterId='E-1' entryId='ent-1' />);
    await waitFor(() => expect($('#receipt')).not.toBeNull());
    expect($('#receipt-amount')?.textContent).toBe('+¥50.00');
    expect($('#receipt-balance')?.textContent).toBe('¥124.45');
    expect($('#receipt-method')?.textContent).toBe('微信支付');
    expect($('#receipt-reference')?.textContent).toBe('4200000001');
    expect($('#receipt-time')?.textContent).toBe('2026-11-30 10:00');
    await waitFor(() => expect($('#receipt-room')?.textContent).toBe(describeLocation(METER)));
    // Printed from the browser, without the app's bars.
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    fireEvent.click($('#receipt-print')!);
    expect(print).toHaveBeenCalledTimes(1);
  });

  it("says so when the entry is not the tenant's", async () => {
    fakeApi(tenantRoutes([METER], { 'GET /v1/meters/E-1/ledger/x': () => fail(404, 'ledger.entry_not_found', 'No entry') }));
    render(<ReceiptScreen meterId='E-1' entryId='x' />);
    await waitFor(() => expect($('.api-error')).not.toBeNull());
  });
});
