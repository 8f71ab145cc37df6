import { fireEvent, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, fakeApi, ok } from '../../test/fake-api';
import { aMeter } from '../../test/meters';
import { tenantRoutes } from '../../test/tenant-api';
import { RefundScreen } from './refund-screen';

const METER = aMeter({ id: 'E-1' });
const $ = (selector: string) => document.querySelector(selector);
const type = (selector: string, value: string) => fireEvent.input($(selector)!.querySelector('input') ?? $(selector)!, { target: { value } });

afterEach(() => vi.restoreAllMocks());

function world(post = () => ok({ id: 'rq-2', status: 'pending' })) {
  let requests = [{ id: 'rq-1', meterId: 'E-1', amountFen: 1000, reason: '退租', status: 'rejected', createdAt: '2026-11-20T02:00:00Z', decisionNote: '押金不退' }];
  return fakeApi(
    tenantRoutes([METER], {
      'GET /v1/meters/E-1/refund-requests?limit=20': () => ok({ items: requests, next: null, refundableFen: 12_345 }),
      'POST /v1/refund-requests': (request) => {
        const answer = post();
        if (answer.statusCode === 200) requests = [{ id: 'rq-2', meterId: 'E-1', amountFen: (request.data as { amountFen: number }).amountFen, reason: '搬走', status: 'pending', createdAt: '2026-12-02T02:00:00Z' } as never, ...requests];
        return answer;
      },
    }),
  );
}

describe('RefundScreen', () => {
  it('shows what may be asked for and the requests with their outcome', async () => {
    world();
    render(<RefundScreen meterId='E-1' />);
    await waitFor(() => expect($('#refundable')?.textContent).toBe('可申请退款 ¥123.45'));
    expect($('#refund-rq-1')?.textContent).toContain('未通过');
    expect($('#refund-rq-1')?.textContent).toContain('原因：押金不退');
  });

  it('refuses a bad amount, too much, or no reason before sending anything', async () => {
    const { seen } = world();
    render(<RefundScreen meterId='E-1' />);
    await waitFor(() => expect($('#refund-form')).not.toBeNull());
    for (const [amount, reason, message] of [['12.345', '搬走', '请输入大于 0、最多两位小数的金额'], ['0', '搬走', '请输入大于 0、最多两位小数的金额'], ['123.46', '搬走', '最多可申请 ¥123.45'], ['10', '  ', '请填写退款原因']]) {
      type('#refund-amount', amount!);
      type('#refund-reason', reason!);
      fireEvent.click($('#refund-submit')!);
      await waitFor(() => expect($('#refund-invalid')?.textContent).toBe(message));
    }
    expect(seen.some((request) => request.method === 'POST')).toBe(false);
  });

  it('sends yuan as integer fen and lists the new request', async () => {
    const { seen } = world();
    render(<RefundScreen meterId='E-1' />);
    await waitFor(() => expect($('#refund-form')).not.toBeNull());
    type('#refund-amount', '12.5');
    type('#refund-reason', '搬走');
    fireEvent.click($('#refund-submit')!);
    await waitFor(() => expect($('#refund-sent')).not.toBeNull());
    expect(seen.find((request) => request.method === 'POST')?.data).toEqual({ meterId: 'E-1', amountFen: 1250, reason: '搬走' });
    await waitFor(() => expect($('#refund-rq-2')?.textContent).toContain('待审核'));
  });

  it("shows the server's refusal", async () => {
    world(() => fail(400, 'refund.exceeds_balance', 'At most 100 fen can be refunded'));
    render(<RefundScreen meterId='E-1' />);
    await waitFor(() => expect($('#refund-form')).not.toBeNull());
    type('#refund-amount', '50');
    type('#refund-reason', '搬走');
    fireEvent.click($('#refund-submit')!);
    await waitFor(() => expect($('.api-error')?.textContent).toContain('refund.exceeds_balance'));
  });
});
