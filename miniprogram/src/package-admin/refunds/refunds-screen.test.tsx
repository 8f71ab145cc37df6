import { fireEvent, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, fakeApi, ok } from '../../test/fake-api';
import { aMeter } from '../../test/meters';
import { staffRoutes } from '../../test/staff-api';
import { RefundsScreen } from './refunds-screen';

const $ = (selector: string) => document.querySelector(selector);
const REQUEST = { id: 'r1', meterId: 'E-1', amountFen: 3000, reason: '退租', status: 'pending', createdAt: '2026-12-01T02:00:00Z', requestedBy: 'user:demo-tenant-1' };

afterEach(() => vi.restoreAllMocks());

describe('RefundsScreen', () => {
  it('shows each request with the meter’s balance, approves after a confirmation, with an idempotency key', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { seen } = fakeApi(
      staffRoutes({
        'GET /v1/admin/refund-requests?status=pending&limit=20': () => ok({ items: [REQUEST], next: null }),
        'GET /v1/meters/E-1': () => ok(aMeter({ id: 'E-1', balanceFen: 8_000 })),
        'GET /v1/meters/E-1/ledger?limit=10': () => ok({ items: [{ id: 'l1', kind: 'recharge', amountFen: 5000, balanceAfterFen: 8000, at: '2026-11-30T02:00:00Z', method: 'wechat_pay' }], next: null }),
        'POST /v1/admin/refund-requests/r1/approve': () => ok({ ...REQUEST, status: 'refunding' }),
      }),
    );
    render(<RefundsScreen />);
    await waitFor(() => expect($('#refund-r1-balance')?.textContent).toBe('表内余额 ¥80.00'));
    expect($('#refund-r1')?.textContent).toContain('申请退款 ¥30.00');
    // Filed by the tenant: named by the end of their id (no name is kept for tenants).
    expect($('#refund-r1')?.textContent).toContain('2026-12-01 10:00 · 用户 …nant-1');
    await waitFor(() => expect($('#refund-r1-payments')?.textContent).toBe('最近充值： ¥50.00 微信支付 11-30 10:00'));
    fireEvent.click($('#refund-r1-wechat')!);
    await waitFor(() => expect($('#refund-r1-outcome')?.textContent).toBe('已处理：退款中'));
    const approval = seen.find((request) => request.method === 'POST' && request.url.endsWith('/approve'));
    expect(approval?.data).toEqual({ method: 'wechat' });
    expect(approval?.header['idempotency-key']).toMatch(/^mp-.*-wechat$/);
  });

  it('says what a move-out settlement is, beside the request', async () => {
    fakeApi(
      staffRoutes({
        'GET /v1/admin/refund-requests?status=pending&limit=20': () => ok({ items: [{ ...REQUEST, settlementOf: '2026-12-01T01:30:00Z' }, { ...REQUEST, id: 'r2' }], next: null }),
        'GET /v1/meters/E-1': () => ok(aMeter({ id: 'E-1', balanceFen: 3_000 })),
        'GET /v1/meters/E-1/ledger?limit=10': () => ok({ items: [], next: null }),
      }),
    );
    render(<RefundsScreen />);
    await waitFor(() => expect($('#refund-r1-settlement')?.textContent).toBe('退租结算（2026-12-01 09:30 退租）：微信退款只退回退租前的支付；处理前该表不能入住新租户；驳回则余额留在表上。'));
    expect($('#refund-r2')).not.toBeNull();
    expect($('#refund-r2-settlement')).toBeNull();
  });

  it('offers no decision on a request the manager recorded: another member of staff decides it', async () => {
    fakeApi(
      staffRoutes({
        'GET /v1/admin/refund-requests?status=pending&limit=20': () => ok({ items: [{ ...REQUEST, requestedBy: 'user:boss-1' }], next: null }),
        'GET /v1/meters/E-1': () => ok(aMeter({ id: 'E-1', balanceFen: 3_000 })),
        'GET /v1/meters/E-1/ledger?limit=10': () => ok({ items: [], next: null }),
      }),
    );
    render(<RefundsScreen />);
    await waitFor(() => expect($('#refund-r1-own')?.textContent).toBe('这笔申请由您登记，须由另一位管理员审批。'));
    expect($('#refund-r1-wechat')).toBeNull();
    expect($('#refund-r1-reject')).toBeNull();
  });

  it('needs a reason to reject, and shows a decision someone else made first', async () => {
    fakeApi(
      staffRoutes({
        'GET /v1/admin/refund-requests?status=pending&limit=20': () => ok({ items: [REQUEST], next: null }),
        'GET /v1/meters/E-1': () => ok(aMeter({ id: 'E-1' })),
        'POST /v1/admin/refund-requests/r1/reject': () => fail(409, 'refund.already_decided', 'The request is already refunding'),
      }),
    );
    render(<RefundsScreen />);
    await waitFor(() => expect($('#refund-r1-reject')).not.toBeNull());
    fireEvent.click($('#refund-r1-reject')!);
    await waitFor(() => expect($('#refund-r1 .form-error')?.textContent).toBe('拒绝原因（必填）'));
    fireEvent.input($('#refund-r1-reason input') ?? $('#refund-r1-reason')!, { target: { value: '余额不符' } });
    fireEvent.click($('#refund-r1-reject')!);
    await waitFor(() => expect($('#refund-r1-outcome')?.textContent).toBe('已由其他人处理，无需重复操作'));
  });

  it('says when nothing is waiting', async () => {
    fakeApi(staffRoutes({ 'GET /v1/admin/refund-requests?status=pending&limit=20': () => ok({ items: [], next: null }) }));
    render(<RefundsScreen />);
    await waitFor(() => expect($('#admin-refunds-empty')).not.toBeNull());
  });
});
