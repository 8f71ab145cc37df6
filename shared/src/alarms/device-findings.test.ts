import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderNotice } from '../notifications/message';
import { circuitTripFinding, gatewayOfflineFinding, TRIP_CAUSES, tripTip } from './device-findings';

const at = new Date('2026-12-02T12:00:00Z');

describe('device findings', () => {
  it('names the circuit, the cause and the load of a trip', () => {
    expect(circuitTripFinding({ cause: 'malicious_load', powerW: 1500, limitW: 300, circuitLabel: '照明', at })).toEqual({
      kind: 'circuit_trip',
      severity: 'warning',
      message: '照明回路检测到违规电器（1500W，限300W），已断电',
      details: { cause: 'malicious_load', at: at.toISOString(), powerW: 1500, limitW: 300, circuit: '照明' },
    });
    expect(circuitTripFinding({ cause: 'leakage', circuitLabel: null, at })).toMatchObject({ severity: 'critical', message: '回路检测到漏电，已断电' });
  });

  it('tells the tenant why within a WeChat thing value, and what to do', () => {
    expect(tripTip({ cause: 'malicious_load', circuitLabel: '照明' })).toBe('照明回路违规电器断电，请联系管理员');
    expect(tripTip({ cause: 'overload', circuitLabel: '插座' })).toBe('插座回路超功率断电，请减少用电');
    fc.assert(
      fc.property(fc.constantFrom(...TRIP_CAUSES), fc.option(fc.string({ minLength: 1, maxLength: 4 }), { nil: null }), (cause, circuitLabel) => {
        const rendered = renderNotice('supply_cut', { meterLabel: '5-214 电表·照明', at: at.toISOString(), balanceFen: 3000, tip: tripTip({ cause, circuitLabel }) }, 'electricity');
        expect([...rendered.wechat.thing4!.value].length).toBeLessThanOrEqual(20);
        expect(rendered.text).toContain(tripTip({ cause, circuitLabel }));
      }),
    );
  });

  it('keeps the balance reason when a cut has no other', () => {
    expect(renderNotice('supply_cut', { meterLabel: '3-301 电表', at: at.toISOString(), balanceFen: -21 }, 'electricity').text).toBe('3-301 电表 已停止供电，充值后自动恢复（余额 -¥0.21）');
  });

  it('raises one critical alarm for a gateway, counting its meters', () => {
    expect(gatewayOfflineFinding({ name: '3号楼集中器', lastSeenAt: at.toISOString(), meters: 120 })).toEqual({
      kind: 'gateway_offline',
      severity: 'critical',
      message: '网关「3号楼集中器」离线，其下 120 块表无法通信',
      details: { meters: 120, lastSeenAt: at.toISOString() },
    });
  });
});
