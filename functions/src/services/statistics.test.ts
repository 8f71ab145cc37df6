import { describe, expect, it } from 'vitest';
import { beijingDayEnd, beijingDayStart } from '../platform/beijing-time';
import { figuresOf, periodsOf } from './statistics';

describe('statistics figures', () => {
  it('turns counters into magnitudes by channel, method and utility, and the net income', () => {
    const figures = figuresOf({
      n_recharge: 3, fen_recharge: 54_000, n_recharge_cash: 2, fen_recharge_cash: 4_000, n_recharge_bank_transfer: 1, fen_recharge_bank_transfer: 50_000,
      n_refund: 1, fen_refund: -300, n_refund_cash: 1, fen_refund_cash: -300,
      n_charge: 2, fen_charge: -800, n_charge_water: 1, fen_charge_water: -700, n_charge_electricity: 1, fen_charge_electricity: -100, q_water: 2_000, q_electricity: 1_000,
    });
    expect(figures.recharge.byChannel).toEqual({ wechat: { count: 0, fen: 0 }, cash: { count: 2, fen: 4_000 }, bank_transfer: { count: 1, fen: 50_000 } });
    expect(figures.refund).toEqual({ count: 1, fen: 300, byMethod: { wechat: { count: 0, fen: 0 }, cash: { count: 1, fen: 300 } } });
    expect(figures.consumption).toEqual({ electricity: { quantity: 1_000, fen: 100, charges: 1 }, water: { quantity: 2_000, fen: 700, charges: 1 } });
    expect(figures.netIncomeFen).toBe(53_700);
  });

  it('counts a WeChat refund that failed (its reversal) back into the net income', () => {
    expect(figuresOf({ fen_recharge: 10_000, n_refund: 1, fen_refund: -10_000, n_reversal: 1, fen_reversal: 10_000 }).netIncomeFen).toBe(10_000);
  });

  it('names every period of a span, by day, month and year', () => {
    expect(periodsOf('day', '2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(periodsOf('month', '2026-11-30', '2027-01-01')).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(periodsOf('year', '2025-12-31', '2026-01-01')).toEqual(['2025', '2026']);
  });

  it('bounds a Beijing day in UTC', () => {
    expect(beijingDayStart('2026-12-01')).toBe('2026-11-30T16:00:00.000Z');
    expect(beijingDayEnd('2026-12-01')).toBe('2026-12-01T16:00:00.000Z');
  });
});
