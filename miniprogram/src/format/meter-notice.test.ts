import { describe, expect, it } from 'vitest';
import { aMeter } from '../test/meters';
import { describeDaysLeft, meterNotice } from './meter-notice';

const NOW = new Date('2026-12-02T14:05:00+08:00');

describe('meterNotice', () => {
  it('says nothing when all is well', () => {
    expect(meterNotice(aMeter({ balanceFen: 12_345, lowBalanceFen: 2_000 }), NOW)).toBeNull();
  });

  it('tells when power returns after a recharge: the time the meter next reports', () => {
    const meter = aMeter({ balanceFen: 5_000, supply: 'off', pendingSupply: { action: 'restore', since: '2026-12-02T06:04:00Z', expectedBy: '2026-12-02T07:00:00Z' } });
    expect(meterNotice(meter, NOW)).toEqual({ kind: 'restoring', level: 'info', text: '已充值，预计 15:00 前恢复供电（表计下次上报时执行）' });
    const tomorrow = aMeter({ utility: 'water', supply: 'off', pendingSupply: { action: 'restore', since: '2026-12-02T15:50:00Z', expectedBy: '2026-12-02T16:50:00Z' } });
    expect(meterNotice(tomorrow, NOW)?.text).toBe('已充值，预计 12-03 00:50 前开阀供水（表计下次上报时执行）');
    // Already back on (the command's answer not in yet): nothing to tell.
    expect(meterNotice(aMeter({ ...meter, supply: 'on' }), NOW)).toBeNull();
    // Paid before a queued cut reached the meter: the cut is superseded, nothing to tell.
    const cutPending = { action: 'cut' as const, since: '2026-12-02T06:00:00Z', expectedBy: '2026-12-02T07:00:00Z' };
    expect(meterNotice(aMeter({ supply: 'on', balanceFen: 4_800, pendingSupply: cutPending }), NOW)).toBeNull();
    expect(meterNotice(aMeter({ supply: 'on', balanceFen: -200, pendingSupply: cutPending }), NOW)?.kind).toBe('cutting');
    // Paid, the restore not queued yet: it is on its way all the same.
    expect(meterNotice(aMeter({ supply: 'off', balanceFen: 5_000 }), NOW)).toEqual({ kind: 'restoring', level: 'info', text: '已充值，表计下次上报时恢复供电' });
  });

  it('puts a manager’s cut first, then a cut, arrears and a low balance', () => {
    expect(meterNotice(aMeter({ hold: true, supply: 'off', balanceFen: 9_000 }), NOW)?.kind).toBe('hold');
    expect(meterNotice(aMeter({ supply: 'off', balanceFen: -120 }), NOW)).toMatchObject({ kind: 'cut', text: '已断电，充值到余额大于零后自动恢复供电' });
    expect(meterNotice(aMeter({ balanceFen: -120 }), NOW)).toMatchObject({ kind: 'arrears', text: '已欠费 ¥1.20，请尽快充值' });
    expect(meterNotice(aMeter({ balanceFen: 1_500, lowBalanceFen: 2_000 }), NOW)).toMatchObject({ kind: 'low', level: 'warning', text: '余额不足 ¥20.00，请及时充值' });
  });
});

describe('describeDaysLeft', () => {
  it('says how long the balance lasts, plainly', () => {
    expect(describeDaysLeft(23, 12_345)).toBe('约可用 23 天');
    expect(describeDaysLeft(0, 50)).toBe('预计不足 1 天');
    expect(describeDaysLeft(null, 50)).toBe('可用天数统计中');
    expect(describeDaysLeft(0, 0)).toBe('余额已用完');
  });
});

describe('in English, and days left beyond a year', () => {
  it('says the same things in English', () => {
    const cut = aMeter({ utility: 'water', supply: 'off', balanceFen: 500, pendingSupply: null });
    expect(meterNotice(cut, new Date('2026-12-02T04:00:00Z'), 'en')?.text).toBe("Topped up: the water comes back at the meter's next report.");
    expect(describeDaysLeft(12, 100, 'en')).toBe('About 12 days left');
  });

  it('does not count a year and more in days', () => {
    expect(describeDaysLeft(22_110, 4944)).toBe('可用 1 年以上');
    expect(describeDaysLeft(365, 4944)).toBe('约可用 365 天');
  });
});
