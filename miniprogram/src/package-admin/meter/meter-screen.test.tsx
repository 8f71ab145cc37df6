import { fireEvent, render, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, fakeApi, ok, type SeenRequest } from '../../test/fake-api';
import { aMeter } from '../../test/meters';
import { staffRoutes } from '../../test/staff-api';
import { MeterScreen } from './meter-screen';

const $ = (selector: string) => document.querySelector(selector);
const input = (selector: string) => $(`${selector} input`) ?? $(selector)!;
const METER = aMeter({ id: 'E-2', room: '302', supply: 'off', balanceFen: -120 });
const COMMAND = {
  id: 'c1', action: 'restore', status: 'succeeded', createdAt: '2026-12-02T01:00:00Z', updatedAt: '2026-12-02T01:02:00Z', requestedBy: 'user:boss-1', reason: '已缴费', attempts: 1, expiresAt: '2026-12-03T01:00:00Z',
  history: [{ status: 'queued', at: '2026-12-02T01:00:00Z' }, { status: 'sent', at: '2026-12-02T01:00:01Z' }, { status: 'succeeded', at: '2026-12-02T01:02:00Z' }],
};

afterEach(() => vi.restoreAllMocks());

function world(overrides: Record<string, (request: SeenRequest) => ReturnType<typeof ok>> = {}) {
  let commands: unknown[] = [];
  let scene = 'q=OLDcode123456789';
  let alarms = [{ meterId: 'E-2', kind: 'meter_fault', severity: 'critical', message: '表计故障', details: {}, raisedAt: '2026-12-01T01:00:00Z', lastSeenAt: '2026-12-02T01:00:00Z', count: 3, status: 'open' }];
  return fakeApi(
    staffRoutes({
      'GET /v1/meters/E-2': () => ok(METER),
      'GET /v1/admin/meters/E-2/device': () => ok({ platform: 'ctwing', deviceId: 'dev-e2', imei: null, multiPoint: false, gatewayId: null, meters: [{ ...METER, address: '000000000302', openAlarms: [] }] }),
      'GET /v1/admin/meters/E-2/tenants': () => ok({ items: [{ openid: 'demo-tenant-9', boundAt: '2026-11-01T02:00:00Z' }], next: null }),
      'GET /v1/admin/meters/E-2/alarms?status=open': () => ok({ items: alarms, next: null }),
      'POST /v1/admin/meters/E-2/alarms/meter_fault/ack': () => {
        alarms = [];
        return ok({});
      },
      'GET /v1/admin/meters/E-2/commands?limit=10': () => ok({ items: commands, next: null }),
      'POST /v1/admin/meters/E-2/commands': () => {
        commands = [COMMAND];
        return { statusCode: 201, data: { ...COMMAND, status: 'queued', queued: true, desired: 'on', hold: false } };
      },
      'GET /v1/meters/E-2/ledger?limit=10': () => ok({ items: [{ id: 'l1', kind: 'recharge', amountFen: 5000, balanceAfterFen: 4880, at: '2026-12-02T02:00:00Z', method: 'cash', operator: 'user:boss-1' }], next: null }),
      'POST /v1/admin/meters/E-2/payments': () => ({ statusCode: 201, data: { entryId: 'ent-9', balanceFen: 4880, duplicate: false } }),
      'GET /v1/meters/E-2/readings?limit=10': () =>
        ok({
          items: [
            { at: '2026-12-02T01:00:00Z', receivedAt: '2026-12-02T01:00:05Z', value: 1_234_500, unit: 'Wh', status: 'billed', quantity: 500, chargeFen: 30 },
            { at: '2026-12-01T20:00:00Z', receivedAt: '2026-12-02T00:30:00Z', value: 9_999_000, unit: 'Wh', status: 'anomaly', reason: '读数跳变过大' },
          ],
          next: null,
        }),
      'GET /v1/admin/meters/E-2/binding-code': () => ok({ scene, page: 'pages/home/index' }),
      'POST /v1/admin/meters/E-2/binding-code': () => {
        scene = 'q=NEWcode456789012';
        return ok({ scene, page: 'pages/home/index' });
      },
      ...overrides,
    }),
  );
}

const circuit = (number: number, label: string, overrides: Record<string, unknown> = {}) => ({
  ...aMeter({ id: `E-${number}`, room: '302' }), circuit: { number, label }, address: `00000000030${number}`, openAlarms: [], ...overrides,
});

describe('MeterScreen', () => {
  it('shows the circuits on the same device, this one marked, the one in arrears and cut in red, each other one opening its page', async () => {
    const navigate = vi.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    world({
      'GET /v1/admin/meters/E-2/device': () => ok({
        platform: 'ctwing', deviceId: 'ctwing-dorm-302', imei: '861234567890123', multiPoint: true, gatewayId: null,
        meters: [circuit(1, '照明'), circuit(2, '插座', { supply: 'off', balanceFen: -120 }), circuit(3, '空调', { openAlarms: ['circuit_trip'], pendingSupply: { action: 'cut', commandId: 'c9', expectedBy: '2026-12-02T03:00:00Z' } })],
      }),
    });
    render(<MeterScreen meterId='E-2' />);
    await waitFor(() => expect($('#admin-device')?.getAttribute('data-points')).toBe('3'));
    expect($('#admin-device-head')?.textContent).toBe('电信 AEP 设备 ctwing-dorm-302 · 3 个回路 · IMEI 861234567890123');
    expect($('#device-meter-E-2')?.textContent).toContain('2 号回路 插座（本表）');
    expect($('#device-meter-E-2 .is-negative')?.textContent).toContain('-¥1.20');
    expect($('#device-meter-E-3')?.textContent).toContain('3 号回路 空调 ›');
    expect($('#device-meter-E-3')?.textContent).toContain('1 条告警');
    expect($('#device-meter-E-3')?.textContent).toContain('断电');
    fireEvent.click($('#device-meter-E-1')!);
    expect(navigate).toHaveBeenCalledWith({ url: expect.stringContaining('meterId=E-1') });
    fireEvent.click($('#device-meter-E-2')!);
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('shows no device section for a meter that is a device of its own', async () => {
    const { seen } = world();
    render(<MeterScreen meterId='E-2' />);
    await waitFor(() => expect($('#admin-tenants')?.textContent).toContain('demo-tenant-9'));
    await waitFor(() => expect(seen.some((request) => request.url.endsWith('/v1/admin/meters/E-2/device'))).toBe(true));
    await waitFor(() => expect($('#admin-device-loading')).toBeNull());
    expect($('#admin-device')).toBeNull();
  });

  it('lists the readings with what the billing made of each, and when it was taken and arrived', async () => {
    world();
    render(<MeterScreen meterId='E-2' />);
    await waitFor(() => expect(document.querySelectorAll('#admin-readings .reading-row')).toHaveLength(2));
    const [billed, anomaly] = [...document.querySelectorAll('#admin-readings .reading-row')].map((row) => row.textContent);
    expect(billed).toBe('1234.50 kWh已计费抄表 12-02 09:00 · 到达 12-02 09:00 · 扣费 ¥0.30');
    expect(anomaly).toContain('异常');
    expect(anomaly).toContain('补传');
    expect(anomaly).toContain('读数跳变过大');
  });

  it('rotates the QR code after a confirmation, and shows the new code', async () => {
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValue(true);
    const { seen } = world();
    render(<MeterScreen meterId='E-2' />);
    await waitFor(() => expect($('#admin-code-scene')?.getAttribute('data-scene')).toBe('q=OLDcode123456789'));
    fireEvent.click($('#admin-code-rotate')!);
    await waitFor(() => expect(confirm).toHaveBeenCalledTimes(1));
    expect(seen.filter((request) => request.method === 'POST' && request.url.endsWith('/binding-code'))).toEqual([]);
    fireEvent.click($('#admin-code-rotate')!);
    await waitFor(() => expect($('#admin-code-outcome')?.textContent).toBe('已换码：旧贴纸已失效，请打印新二维码贴到表上。'));
    await waitFor(() => expect($('#admin-code-scene')?.getAttribute('data-scene')).toBe('q=NEWcode456789012'));
    expect(confirm.mock.calls[1]?.[0]).toContain('已绑定的租户不受影响');
  });

  it('shows the meter, its tenants and alarms, and acknowledges an alarm', async () => {
    world();
    render(<MeterScreen meterId='E-2' />);
    await waitFor(() => expect($('#admin-meter-balance')?.textContent).toBe('-¥1.20'));
    expect($('#admin-meter-supply')?.textContent).toContain('已断电');
    await waitFor(() => expect($('#admin-tenants')?.textContent).toContain('demo-tenant-9'));
    await waitFor(() => expect($('#admin-meter-alarms [data-kind="meter_fault"]')?.textContent).toContain('3 次'));
    fireEvent.click($('#ack-meter_fault')!);
    await waitFor(() => expect($('#admin-meter-alarms')?.textContent).toBe('没有未处理的告警'));
  });

  it('asks for a reason and a confirmation before a command, then shows it with its lifecycle', async () => {
    const { seen } = world();
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValue(true);
    render(<MeterScreen meterId='E-2' />);
    await waitFor(() => expect($('#command-restore')).not.toBeNull());
    fireEvent.click($('#command-restore')!);
    await waitFor(() => expect($('#command-outcome')?.textContent).toBe('请先填写原因'));
    fireEvent.input(input('#command-reason'), { target: { value: '已缴费' } });
    fireEvent.click($('#command-restore')!);
    await waitFor(() => expect(confirm).toHaveBeenCalledTimes(1));
    expect(seen.some((request) => request.method === 'POST' && request.url.endsWith('/commands'))).toBe(false);
    fireEvent.click($('#command-restore')!);
    await waitFor(() => expect($('#command-outcome')?.textContent).toBe('已下发：恢复供应'));
    expect(confirm.mock.calls[1]![0]).toBe('确认对 3号楼 · 302 (E-2) 执行「恢复供应」？');
    expect(seen.find((request) => request.method === 'POST' && request.url.endsWith('/commands'))?.data).toEqual({ action: 'restore', reason: '已缴费' });
    await waitFor(() => expect($('#command-c1')?.getAttribute('data-status')).toBe('succeeded'));
    expect($('#command-c1')?.textContent).toContain('排队中');
    expect($('#command-c1')?.textContent).toContain('已执行');
  });

  it('records a cash payment once, with a key that makes a retry the same payment, and offers its receipt', async () => {
    const { seen } = world();
    render(<MeterScreen meterId='E-2' />);
    await waitFor(() => expect($('#payment-submit')).not.toBeNull());
    fireEvent.input(input('#payment-amount'), { target: { value: '0' } });
    fireEvent.click($('#payment-submit')!);
    await waitFor(() => expect($('#payment-outcome')?.textContent).toBe('请输入 0.01 至 100000 元的金额'));
    fireEvent.input(input('#payment-amount'), { target: { value: '50' } });
    fireEvent.click($('#payment-submit')!);
    await waitFor(() => expect($('#payment-outcome')?.textContent).toBe('已记录 ¥50.00，余额 ¥48.80'));
    const posted = seen.filter((request) => request.method === 'POST' && request.url.endsWith('/payments'));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.data).toEqual({ amountFen: 5000, method: 'cash' });
    expect(posted[0]!.header['idempotency-key']).toMatch(/^mp-/);
    expect($('#payment-receipt')).not.toBeNull();
  });

  it('says when the meter is not one of the manager’s', async () => {
    world({ 'GET /v1/meters/E-2': () => fail(404, 'meter.not_found', 'No meter "E-2"') });
    render(<MeterScreen meterId='E-2' />);
    await waitFor(() => expect($('.api-error .error-code')?.textContent).toBe('meter.not_found'));
  });
});
