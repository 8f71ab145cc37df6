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
    expect($('#audit-a1 .audit-action')?.textContent).toBe('记录线下缴费');
    await waitFor(() => expect($('#audit-a1')?.textContent).toContain('王经理（我） · 2026-12-02 09:00'));
    expect($('#audit-a1 .audit-request')?.textContent).toBe('请求：金额 ¥50.00 · 方式 现金');
    expect($('#audit-a1 .audit-after')?.textContent).toBe('结果：余额 ¥90.00');
    expect($('#audit-a1 .audit-before')).toBeNull();
  });

  it('says in words what a command, a refund decision and an unknown route were', async () => {
    const entry = (id: string, action: string, request: Record<string, unknown>, after?: unknown) => ({ id, at: '2026-12-02T01:00:00Z', actor: 'user:boss-1', action, meterId: 'E-1', buildingId: 'B-1', request, ...(after === undefined ? {} : { after }), status: 200 });
    fakeApi(
      staffRoutes({
        'GET /v1/admin/audit?buildingId=B-1&limit=20': () =>
          ok({
            items: [
              entry('c', 'POST /v1/admin/meters/{meterId}/commands', { meterId: 'E-1', body: { action: 'cut', reason: '入户检查' } }, { id: 'cmd-1', status: 'queued', history: [{ status: 'queued' }] }),
              entry('r', 'POST /v1/admin/refund-requests/{requestId}/approve', { requestId: 'rq-1', body: { method: 'wechat' } }, { status: 'refunding', approvedFen: 4900 }),
              entry('x', 'POST /v1/admin/something-new', { body: { flag: true } }),
              entry('m', 'POST /v1/admin/mass-actions/{actionId}/approve', { actionId: 'ma-1', body: {} }, { status: 'active', requestedBy: 'user:boss-2', createdAt: '2026-12-02T00:00:00Z', applied: ['E-1', 'E-2', 'E-3', 'E-4', 'E-5'] }),
            ],
            next: null,
          }),
      }),
    );
    render(<AuditScreen buildingId='B-1' />);
    await waitFor(() => expect($('#audit-x')).not.toBeNull());
    expect($('#audit-c .audit-action')?.textContent).toBe('远程控制');
    expect($('#audit-c .audit-request')?.textContent).toBe('请求：操作 断电/关阀 · 原因 入户检查');
    expect($('#audit-c .audit-after')?.textContent).toBe('结果：编号 cmd-1 · 状态 排队中');
    expect($('#audit-r .audit-request')?.textContent).toBe('请求：申请 rq-1 · 方式 微信原路退回');
    expect($('#audit-r .audit-after')?.textContent).toBe('结果：状态 退款中 · 批准金额 ¥49.00');
    expect($('#audit-x .audit-action')?.textContent).toBe('POST /v1/admin/something-new');
    expect($('#audit-x .audit-request')?.textContent).toBe('请求：flag 是');
    // Who, by name; a list by its first few; times and ids that say nothing are left out.
    await waitFor(() => expect($('#audit-m .audit-after')?.textContent).toBe('结果：状态 生效中 · 申请人 李主管 · 保电的表 E-1、E-2、E-3 等 5 个'));
  });

  it('says when nothing was recorded', async () => {
    fakeApi(staffRoutes({ 'GET /v1/admin/audit?buildingId=B-1&limit=20': () => ok({ items: [], next: null }) }));
    render(<AuditScreen buildingId='B-1' />);
    await waitFor(() => expect($('#audit-empty')).not.toBeNull());
  });
});
