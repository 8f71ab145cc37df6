import { describe, expect, it } from 'vitest';
import { ledgerIndexOf, moneyParts, monthsBetween, statsUpdates } from './statistics';

describe('building statistics riding in a posting', () => {
  const source = { meterId: 'E-1', buildingId: 'B1', utility: 'electricity' as const };

  it('counts an entry by kind and method, and a charge by its meter’s utility', () => {
    expect(moneyParts({ kind: 'recharge', amountFen: 500, method: 'cash' }, 'water')).toEqual({ n_recharge: 1, fen_recharge: 500, n_recharge_cash: 1, fen_recharge_cash: 500 });
    expect(moneyParts({ kind: 'charge', amountFen: -7 }, 'water')).toEqual({ n_charge: 1, fen_charge: -7, n_charge_water: 1, fen_charge_water: -7 });
    expect(() => moneyParts({ kind: 'charge; DROP', amountFen: 1 }, null)).toThrow(TypeError);
    expect(() => moneyParts({ kind: 'refund', amountFen: 1.5 }, null)).toThrow(TypeError);
  });

  it('writes one day item with the charge and the consumption, in the Beijing day of the entry', () => {
    // 23:30 UTC is 07:30 the next day in Beijing.
    const updates = statsUpdates(source, { kind: 'charge', amountFen: -100, at: '2026-11-30T23:30:00.000Z' }, { at: '2026-11-30T23:30:00.000Z', quantity: 1_000 });
    expect(updates).toHaveLength(1);
    expect(updates[0]!.Key.PK).toBe('STATS#B1');
    expect(updates[0]!.Key.SK).toMatch(/^D#2026-12-01#[0-7]$/);
    expect(updates[0]!.ExpressionAttributeValues).toMatchObject({ ':s2': '2026-12-01' });
    expect(Object.values(updates[0]!.ExpressionAttributeValues!)).toEqual(expect.arrayContaining([-100, 1_000]));
    expect(updates[0]!.UpdateExpression).toContain('q_electricity');
  });

  it('counts nothing for a meter of no building, and no quantity line for a reading that used nothing', () => {
    expect(statsUpdates({ ...source, buildingId: null }, { kind: 'recharge', amountFen: 1, at: '2026-12-01T00:00:00Z' }, undefined)).toEqual([]);
    const [update] = statsUpdates(source, { kind: 'recharge', amountFen: 1, at: '2026-12-01T00:00:00Z' }, { at: '2026-12-01T00:00:00Z', quantity: 0 });
    expect(update!.UpdateExpression).not.toContain('q_');
    expect(ledgerIndexOf({ ...source, buildingId: null }, { kind: 'charge', at: '2026-12-01T00:00:00Z' }, 1)).toEqual({});
  });

  it('files ledger entries by building, Beijing month, and money apart from charges', () => {
    expect(ledgerIndexOf(source, { kind: 'refund', at: '2026-11-30T16:00:00.000Z' }, 7)).toEqual({ GSI3PK: 'LEDGER#B1#2026-12#MONEY', GSI3SK: '2026-11-30T16:00:00.000Z#E-1#000000000007' });
    expect(ledgerIndexOf(source, { kind: 'charge', at: '2026-11-30T15:59:59.000Z' }, 8).GSI3PK).toBe('LEDGER#B1#2026-11#CHARGE');
  });

  it('lists the months a span of days touches, across a year’s end', () => {
    expect(monthsBetween('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-12-01', '2026-12-31')).toEqual(['2026-12']);
  });
});
