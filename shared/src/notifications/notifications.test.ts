import { describe, expect, it } from 'vitest';
import type { AlarmFinding } from '../alarms/kinds';
import { alarmNotices, daysNoticeDue, noticesFromAlarms } from './from-alarms';
import { fit, renderNotice, timeValue } from './message';

const low = (details: AlarmFinding['details']): AlarmFinding => ({ kind: 'low_balance', severity: 'warning', message: '余额不足', details });
const cut: AlarmFinding = { kind: 'supply_cut', severity: 'warning', message: '已停电', details: {} };
const AT = '2026-12-02T01:00:00.000Z';

describe('noticesFromAlarms', () => {
  it('tells a low balance when the alarm opens, named by the change that opened it', () => {
    const notices = noticesFromAlarms({ open: [], diff: { raise: [low({ balanceFen: 1500, daysRemaining: 4 })], clear: [] }, findings: [low({ daysRemaining: 4 })], at: AT, occurrence: 'reading:R', balanceFen: 1500, lowBalanceDays: 3 });
    expect(notices).toEqual([{ kind: 'low_balance', dedupe: 'low_balance:reading:R', facts: { at: AT, balanceFen: 1500, daysRemaining: 4 } }]);
  });

  it('tells nothing while the low-balance alarm stays open with the same facts (not once per reading)', () => {
    const open = [{ kind: 'low_balance', raisedAt: '2026-12-01T00:00:00.000Z', details: { daysRemaining: 2 } }];
    expect(noticesFromAlarms({ open, diff: { raise: [], clear: [] }, findings: [low({ daysRemaining: 1 })], at: AT, occurrence: 'reading:R', balanceFen: 900, lowBalanceDays: 3 })).toEqual([]);
  });

  it('tells once more when the days left fall under the threshold after an amount crossing', () => {
    const open = [{ kind: 'low_balance', raisedAt: '2026-12-01T00:00:00.000Z', details: { daysRemaining: 9 } }];
    const change = { open, diff: { raise: [], clear: [] }, findings: [low({ daysRemaining: 2 })], at: AT, occurrence: 'reading:R', balanceFen: 900, lowBalanceDays: 3 };
    expect(noticesFromAlarms(change)).toEqual([{ kind: 'low_balance', dedupe: 'low_balance:reading:R:days', facts: { at: AT, balanceFen: 900, daysRemaining: 2 } }]);
    expect(daysNoticeDue({ ...change, diff: { raise: [], clear: ['low_balance'] } })).toBeNull();
  });

  it('tells a cut when it opens and a restore when it clears', () => {
    expect(noticesFromAlarms({ open: [], diff: { raise: [cut], clear: [] }, findings: [cut], at: AT, occurrence: 'reading:R', balanceFen: -20, lowBalanceDays: 3 }).map((n) => n.dedupe)).toEqual(['supply_cut:reading:R']);
    const open = [{ kind: 'supply_cut', raisedAt: '2026-11-30T00:00:00.000Z', details: {} }];
    expect(noticesFromAlarms({ open, diff: { raise: [], clear: ['supply_cut'] }, findings: [], at: AT, occurrence: 'reading:R', balanceFen: 4980, lowBalanceDays: 3 })).toEqual([
      { kind: 'supply_restored', dedupe: 'supply_restored:reading:R', facts: { at: AT, balanceFen: 4980 } },
    ]);
  });
});

describe('alarm notices for managers', () => {
  const fault: AlarmFinding = { kind: 'meter_fault', severity: 'critical', message: '表计自检故障：计量芯片', details: {} };
  it('tells a building’s managers of an alarm that needs a person, once per change; not of money or supply', () => {
    const notices = noticesFromAlarms({ open: [], diff: { raise: [fault, cut, low({})], clear: [] }, findings: [fault, cut], at: AT, occurrence: 'reading:R', balanceFen: -20, lowBalanceDays: 3 });
    expect(notices.filter((notice) => notice.kind === 'alarm')).toEqual([{ kind: 'alarm', dedupe: 'alarm:meter_fault:reading:R', facts: { at: AT, alarmKind: 'meter_fault', alarmText: '表计自检故障：计量芯片' } }]);
    expect(alarmNotices([cut, low({})], 'x', AT)).toEqual([]);
  });

  it('renders an alarm within WeChat’s limits', () => {
    const rendered = renderNotice('alarm', { meterLabel: 'A-204 水表', at: AT, alarmKind: 'night_flow', alarmText: '夜间持续用水 0.35 m³（01:00–05:00），可能漏水' }, 'water');
    expect(rendered.wechat.thing1).toEqual({ value: 'A-204 水表' });
    expect([...rendered.wechat.thing2!.value]).toHaveLength(20);
    expect(rendered.wechat.time3).toEqual({ value: '2026-12-02 09:00' });
    expect(rendered.text).toBe('A-204 水表 告警：夜间持续用水 0.35 m³（01:00–05:00），可能漏水');
  });
});

describe('renderNotice', () => {
  it('keeps every template value within WeChat limits', () => {
    const rendered = renderNotice('refund_decided', { meterLabel: '幸福里公租房 12 栋 2 单元 1203 室 电表', at: AT, amountFen: 12345, approved: false, reason: '该月已有一笔退款正在处理中，请下月再申请' }, 'electricity');
    expect([...rendered.wechat.thing1!.value]).toHaveLength(20);
    expect(rendered.wechat.thing1!.value.endsWith('…')).toBe(true);
    expect(rendered.wechat.amount2).toEqual({ value: '123.45元' });
    expect(rendered.wechat.phrase3).toEqual({ value: '未通过' });
    expect([...rendered.wechat.thing4!.value].length).toBeLessThanOrEqual(20);
    for (const param of rendered.sms) expect([...param].length).toBeLessThanOrEqual(12);
  });

  it('writes amounts from fen and times in Beijing 24-hour', () => {
    const rendered = renderNotice('recharge_credited', { meterLabel: '3-301 电表', at: '2026-12-01T16:30:00.000Z', amountFen: 5000, balanceFen: -5 + 5000 }, 'electricity');
    expect(rendered.wechat).toEqual({ thing1: { value: '3-301 电表' }, amount2: { value: '50.00元' }, amount3: { value: '49.95元' }, time4: { value: '2026-12-02 00:30' } });
    expect(rendered.text).toBe('3-301 电表 充值 ¥50.00 已到账，余额 ¥49.95');
    expect(timeValue('2026-12-31T23:59:00+08:00')).toBe('2026-12-31 23:59');
  });

  it('says water for a water meter', () => {
    expect(renderNotice('supply_restored', { meterLabel: '3-301 水表', at: AT, balanceFen: 100 }, 'water').wechat.thing3).toEqual({ value: '供水已恢复' });
  });

  it('cuts by code point, not by UTF-16 unit', () => {
    expect(fit('😀😀😀', 2)).toBe('😀…');
    expect(fit('abc', 3)).toBe('abc');
  });
});

describe('renderNotice in arrears', () => {
  it('puts the minus before the yuan sign', () => {
    expect(renderNotice('supply_cut', { meterLabel: 'A-101 水表', at: AT, balanceFen: -21 }, 'water').text).toBe('A-101 水表 已停止供水，充值后自动恢复（余额 -¥0.21）');
  });
});
