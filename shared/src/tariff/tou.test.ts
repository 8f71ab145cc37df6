import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTariff } from './parse';
import { priceConsumption } from './price-consumption';

const peakValley = parseTariff({
  name: '峰谷',
  utility: 'electricity',
  kind: 'tou',
  periods: { peak: '0.95', valley: '0.30' },
  schedule: [
    { from: '08:00', to: '22:00', period: 'peak' },
    { from: '22:00', to: '08:00', period: 'valley' },
  ],
});

const summerSharp = parseTariff({
  name: '夏季尖峰',
  utility: 'electricity',
  kind: 'tou',
  periods: { peak: '0.95', flat: '0.60', valley: '0.30' },
  schedule: [
    { from: '08:00', to: '11:00', period: 'peak' },
    { from: '11:00', to: '13:00', period: 'flat' },
    { from: '13:00', to: '22:00', period: 'peak' },
    { from: '22:00', to: '08:00', period: 'valley' },
  ],
  seasons: [
    {
      name: 'summer',
      months: [7, 8],
      periods: { sharp: '1.20', valley: '0.25' },
      schedule: [
        { from: '08:00', to: '11:00', period: 'peak' },
        { from: '11:00', to: '13:00', period: 'sharp' },
        { from: '13:00', to: '22:00', period: 'peak' },
        { from: '22:00', to: '08:00', period: 'valley' },
      ],
    },
  ],
});

const at = (iso: string) => new Date(`${iso}+08:00`);
const span = (quantity: number, from: string, to: string, cycleUsedBefore = 0) => ({
  quantity,
  from: at(from),
  to: at(to),
  cycleUsedBefore,
});
const quantities = (result: ReturnType<typeof priceConsumption>) => result.items.map((item) => [item.label, item.quantity]);

describe('priceConsumption, time of use by the clock', () => {
  it('splits an interval across midnight by the time spent in each period', () => {
    // 20:00 → 10:00 next day: peak 20–22 and 08–10 (4 h), valley 22–08 (10 h); 1 kWh an hour.
    const result = priceConsumption(peakValley, span(14_000, '2026-03-10T20:00', '2026-03-11T10:00'));
    expect(result.items).toEqual([
      { label: 'peak', kind: 'consumption', period: 'peak', quantity: 4_000, pricePer10kYuan: 9_500, costMicroFen: 380_000_000n },
      { label: 'valley', kind: 'consumption', period: 'valley', quantity: 10_000, pricePer10kYuan: 3_000, costMicroFen: 300_000_000n },
    ]);
    expect(result.totalMicroFen).toBe(680_000_000n); // 6.80 yuan
  });

  it('allocates a quantity that does not divide evenly without losing a unit, ties to the earlier period', () => {
    // 07:30–08:30 is half valley, half peak: 2.5 units each, the tie goes to peak (listed first).
    const result = priceConsumption(peakValley, span(5, '2026-03-10T07:30', '2026-03-10T08:30'));
    expect(quantities(result)).toEqual([
      ['peak', 3],
      ['valley', 2],
    ]);
  });

  it('follows the season of each local day, with its own prices and the summer super-peak', () => {
    // 30 June 12:00 → 1 July 12:00, 1 kWh an hour: June: flat 12–13, peak 13–22, valley 22–24 (base price);
    // July: valley 0–8 (summer price), peak 8–11, sharp 11–12.
    const result = priceConsumption(summerSharp, span(24_000, '2026-06-30T12:00', '2026-07-01T12:00'));
    expect(result.items.map((item) => [item.label, item.quantity, item.pricePer10kYuan])).toEqual([
      ['sharp (summer)', 1_000, 12_000],
      ['peak', 12_000, 9_500],
      ['flat', 1_000, 6_000],
      ['valley', 2_000, 3_000],
      ['valley (summer)', 8_000, 2_500],
    ]);
    expect(result.items.find((item) => item.label === 'sharp (summer)')).toMatchObject({ season: 'summer', period: 'sharp' });
    expect(result.totalMicroFen).toBe((12_000n * 1_000n + 9_500n * 12_000n + 6_000n * 1_000n + 3_000n * 2_000n + 2_500n * 8_000n) * 10n);
  });

  it('refuses an empty, backwards or absurdly long interval', () => {
    const base = { quantity: 1, cycleUsedBefore: 0 };
    expect(() => priceConsumption(peakValley, { ...base, from: at('2026-03-10T08:00'), to: at('2026-03-10T08:00') })).toThrow(RangeError);
    expect(() => priceConsumption(peakValley, { ...base, from: at('2026-03-10T09:00'), to: at('2026-03-10T08:00') })).toThrow(RangeError);
    expect(() => priceConsumption(peakValley, { ...base, from: at('2025-01-01T00:00'), to: at('2026-02-05T00:01') })).toThrow(RangeError);
    // Exactly 400 days is still allowed.
    expect(() => priceConsumption(peakValley, { ...base, from: at('2025-01-01T00:00'), to: at('2026-02-05T00:00') })).not.toThrow();
  });

  it('allocates every unit', () => {
    const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00+08:00'), max: Date.parse('2027-01-01T00:00:00+08:00') });
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 * 86_400_000 }), fc.nat({ max: 10_000_000 }), (fromMs, lengthMs, quantity) => {
        const input = { quantity, from: new Date(fromMs), to: new Date(fromMs + lengthMs), cycleUsedBefore: 0 };
        const result = priceConsumption(summerSharp, input);
        expect(result.items.reduce((sum, item) => sum + item.quantity, 0)).toBe(quantity);
      }),
      { numRuns: 200 },
    );
  });

  it('gives each period its share of the time, within one unit, against a minute-by-minute reference', () => {
    const minute = fc.integer({ min: 0, max: 366 * 1440 }).map((index) => Date.parse('2026-01-01T00:00:00+08:00') + index * 60_000);
    fc.assert(
      fc.property(minute, fc.integer({ min: 1, max: 3 * 1440 }), fc.nat({ max: 1_000_000 }), (fromMs, minutes, quantity) => {
        const toMs = fromMs + minutes * 60_000;
        const result = priceConsumption(summerSharp, { quantity, from: new Date(fromMs), to: new Date(toMs), cycleUsedBefore: 0 });
        const reference = new Map<string, number>();
        for (let index = 0; index < minutes; index += 1) {
          const label = referenceLabel(fromMs + index * 60_000);
          reference.set(label, (reference.get(label) ?? 0) + 1);
        }
        for (const item of result.items) {
          const share = ((reference.get(item.label) ?? 0) * quantity) / minutes;
          expect(Math.abs(item.quantity - share)).toBeLessThan(1);
        }
      }),
      { numRuns: 150 },
    );
  });
});

/** The item label of the minute starting at `ms`, looked up point-wise (summerSharp's published rules). */
function referenceLabel(ms: number): string {
  const local = new Date(ms + 8 * 3_600_000);
  const month = local.getUTCMonth() + 1;
  const clock = local.getUTCHours() * 60 + local.getUTCMinutes();
  const summer = month === 7 || month === 8;
  if (clock < 8 * 60 || clock >= 22 * 60) return summer ? 'valley (summer)' : 'valley';
  if (clock >= 11 * 60 && clock < 13 * 60) return summer ? 'sharp (summer)' : 'flat';
  return 'peak';
}

describe('priceConsumption, time of use by registers', () => {
  const day = { from: at('2026-03-10T00:00'), to: at('2026-03-11T00:00'), cycleUsedBefore: 0 };

  it('bills the meter registers instead of the clock', () => {
    const result = priceConsumption(peakValley, { ...day, quantity: 20_000, registers: { peak: 2_000, valley: 18_000 } });
    expect(quantities(result)).toEqual([
      ['peak', 2_000],
      ['valley', 18_000],
    ]);
  });

  it('uses the season of the last instant for register prices', () => {
    const result = priceConsumption(summerSharp, {
      quantity: 3_000,
      from: at('2026-06-30T00:00'),
      to: at('2026-07-02T00:00'),
      cycleUsedBefore: 0,
      registers: { sharp: 1_000, valley: 2_000 },
    });
    expect(result.items.map((item) => [item.label, item.pricePer10kYuan])).toEqual([
      ['sharp (summer)', 12_000],
      ['valley (summer)', 2_500],
    ]);
  });

  it('keeps the total when the registers disagree with it by a few units', () => {
    const result = priceConsumption(peakValley, { ...day, quantity: 20_010, registers: { peak: 2_000, valley: 18_000 } });
    expect(result.items.reduce((sum, item) => sum + item.quantity, 0)).toBe(20_010);
    expect(quantities(result)).toEqual([
      ['peak', 2_001],
      ['valley', 18_009],
    ]);
  });

  it('falls back to the clock when every register is zero, and ignores unused zero registers', () => {
    const result = priceConsumption(peakValley, { ...day, quantity: 24_000, registers: { peak: 0, valley: 0, sharp: 0 } });
    expect(quantities(result)).toEqual([
      ['peak', 14_000],
      ['valley', 10_000],
    ]);
  });

  it('refuses registers the tariff cannot price or that are not counts', () => {
    expect(() => priceConsumption(peakValley, { ...day, quantity: 1, registers: { sharp: 1 } })).toThrow(RangeError);
    expect(() => priceConsumption(peakValley, { ...day, quantity: 1, registers: { peak: -1 } })).toThrow(RangeError);
    expect(() => priceConsumption(peakValley, { ...day, quantity: 1, registers: { peak: 0.5 } })).toThrow(RangeError);
    const unknown = { superPeak: 1 } as unknown as Record<'peak', number>;
    expect(() => priceConsumption(peakValley, { ...day, quantity: 1, registers: unknown })).toThrow(RangeError);
  });
});
