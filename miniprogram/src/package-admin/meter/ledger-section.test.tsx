import { fireEvent, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, ok } from '../../test/fake-api';
import { staffRoutes } from '../../test/staff-api';
import { Ledger, parseSignedYuanToFen } from './ledger-section';

const $ = (selector: string) => document.querySelector(selector);
const input = (selector: string) => $(`${selector} input`) ?? $(selector)!;
const CASH = { id: 'l1', kind: 'recharge', amountFen: 5000, balanceAfterFen: 4880, at: '2026-12-02T02:00:00Z', method: 'cash', operator: 'user:boss-1' };
const CHARGE = { id: 'l0', kind: 'charge', amountFen: -120, balanceAfterFen: -120, at: '2026-12-01T02:00:00Z', quantity: 1200 };

afterEach(() => vi.restoreAllMocks());

describe('Ledger', () => {
  it('reads signed yuan as integer fen', () => {
    expect(parseSignedYuanToFen('-5.00')).toBe(-500);
    expect(parseSignedYuanToFen('12.3')).toBe(1230);
    expect(parseSignedYuanToFen('0')).toBeNull();
    expect(parseSignedYuanToFen('--1')).toBeNull();
    expect(parseSignedYuanToFen('1.234')).toBeNull();
  });

  it('records a correction with a reason, and reverses a cash payment once after a confirmation; charges are not reversible', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const changed = vi.fn();
    const { seen } = fakeApi(
      staffRoutes({
        'GET /v1/meters/E-1/ledger?limit=10': () => ok({ items: [CASH, CHARGE], next: null }),
        'POST /v1/admin/meters/E-1/adjustments': (request) => ({ statusCode: 201, data: { entryId: 'x', balanceFen: 4880 + (request.data as { amountFen: number }).amountFen, duplicate: false } }),
      }),
    );
    render(<Ledger meterId='E-1' ready queryKey={['ledger-test']} onChange={changed} />);
    await waitFor(() => expect($('#entry-l1')).not.toBeNull());
    expect($('#reverse-l0')).toBeNull();
    expect($('#entry-l0')?.textContent).toContain('用量扣费');

    fireEvent.input(input('#correction-amount'), { target: { value: '-5' } });
    fireEvent.click($('#correction-submit')!);
    await waitFor(() => expect($('#correction-outcome')?.textContent).toBe('更正原因（必填）'));
    fireEvent.input(input('#correction-reason'), { target: { value: '抄表误差' } });
    fireEvent.click($('#correction-submit')!);
    await waitFor(() => expect($('#correction-outcome')?.textContent).toBe('已记录 -¥5.00，余额 ¥43.80'));

    fireEvent.click($('#reverse-l1')!);
    await waitFor(() => expect($('#correction-outcome')?.textContent).toBe('已记录 -¥50.00，余额 -¥1.20'));
    const posts = seen.filter((request) => request.method === 'POST' && request.url.endsWith('/adjustments'));
    expect(posts.map((request) => request.data)).toEqual([
      { amountFen: -500, reason: '抄表误差' },
      { amountFen: -5000, reason: '冲正：充值', reversesEntryId: 'l1' },
    ]);
    expect(posts[1]!.header['idempotency-key']).toBe('reverse-l1');
    expect(changed).toHaveBeenCalledTimes(2);
  });
});
