import { fireEvent, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, fakeApi, ok } from '../../test/fake-api';
import { aMeter } from '../../test/meters';
import { staffRoutes } from '../../test/staff-api';
import { parseThousandths, TenancyForm } from './tenancy-form';

const $ = (selector: string) => document.querySelector(selector);
const input = (selector: string) => $(`${selector} input`) ?? $(selector)!;

afterEach(() => vi.restoreAllMocks());

describe('TenancyForm', () => {
  it('reads kWh or m³ as integer thousandths, never through a float', () => {
    expect(parseThousandths('1234.567')).toBe(1_234_567);
    expect(parseThousandths('0.1')).toBe(100);
    expect(parseThousandths('12')).toBe(12_000);
    expect(parseThousandths('1.2345')).toBeNull();
    expect(parseThousandths('-1')).toBeNull();
    expect(parseThousandths('')).toBeNull();
  });

  it('moves the tenant out at a final reading after a confirmation, and shows the settlement; then moves a new one in with a credit', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const changed = vi.fn();
    const { seen } = fakeApi(
      staffRoutes({
        'POST /v1/admin/meters/E-1/move-out': () => ok({ meterId: 'E-1', finalReading: { value: 1_234_500, unit: 'Wh', at: '2026-12-02T02:00:00Z' }, balanceFen: 4_900, refundRequest: { id: 'r9', amountFen: 4_900 }, owedFen: 0, unbound: ['t1'], scene: 'q=new' }),
        'POST /v1/admin/meters/E-1/move-in': () => ok({ meterId: 'E-1', tenancyStart: '2026-12-02T03:00:00Z', balanceFen: 6_900, scene: 'q=new' }),
      }),
    );
    render(<TenancyForm meter={aMeter({ id: 'E-1' })} onChange={changed} />);
    fireEvent.input(input('#move-out-reading'), { target: { value: '1234.5' } });
    fireEvent.click($('#move-out')!);
    await waitFor(() => expect($('#settlement')).not.toBeNull());
    expect($('#settlement')?.textContent).toContain('已结算：余额 ¥49.00');
    expect($('#settlement-refund')?.textContent).toBe('待退 ¥49.00，已进入退款审核（需另一位管理员审批）');
    expect($('#settlement')?.textContent).toContain('已解绑 1 位租户');
    const body = seen.find((request) => request.url.endsWith('/move-out'))!.data as { finalReading: { value: number; unit: string } };
    expect(body.finalReading).toMatchObject({ value: 1_234_500, unit: 'Wh' });

    fireEvent.input(input('#move-in-credit'), { target: { value: '20' } });
    fireEvent.click($('#move-in')!);
    await waitFor(() => expect($('#tenancy-outcome')?.textContent).toBe('已入住：自 2026-12-02 11:00 起计，余额 ¥69.00'));
    expect(seen.find((request) => request.url.endsWith('/move-in'))!.data).toEqual({ openingCreditFen: 2000 });
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('says in words why no one can move in while the last settlement is undecided', async () => {
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    fakeApi(
      staffRoutes({
        'POST /v1/admin/meters/E-1/move-in': () => fail(409, 'tenancy.settlement_pending', 'Decide the last tenant’s settlement refund first'),
      }),
    );
    render(<TenancyForm meter={aMeter({ id: 'E-1' })} onChange={() => undefined} />);
    fireEvent.click($('#move-in')!);
    await waitFor(() => expect($('.api-error .error-message')?.textContent).toBe('上一位租户的退租结算还没处理：请先在退款审批中批准或驳回，再办理入住。'));
  });

  it('asks nothing of the API for a reading that is not one, or when the confirmation is declined', async () => {
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    const { seen } = fakeApi(staffRoutes());
    render(<TenancyForm meter={aMeter({ id: 'E-1' })} onChange={() => undefined} />);
    fireEvent.input(input('#move-out-reading'), { target: { value: '12.3456' } });
    fireEvent.click($('#move-out')!);
    await waitFor(() => expect($('.form-error')?.textContent).toBe('读数格式不对：最多 3 位小数'));
    fireEvent.input(input('#move-out-reading'), { target: { value: '' } });
    fireEvent.click($('#move-out')!);
    await waitFor(() => expect(confirm).toHaveBeenCalled());
    expect(seen.filter((request) => request.url.includes('/move-'))).toEqual([]);
  });
});
