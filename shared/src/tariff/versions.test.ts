import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { parseTariff } from './parse';
import { priceConsumption } from './price-consumption';
import { priceWithVersions, type TariffVersion } from './versions';

const at = (iso: string) => new Date(`${iso}+08:00`);
const span = (quantity: number, from: string, to: string, cycleUsedBefore = 0) => ({
  quantity,
  from: at(from),
  to: at(to),
  cycleUsedBefore,
});
const flatAt = (price: string) => parseTariff({ name: `flat ${price}`, utility: 'electricity', kind: 'flat', price });

const versions: TariffVersion[] = [
  { effectiveFrom: at('2026-07-01T00:00'), tariff: flatAt('0.65') },
  { effectiveFrom: at('2026-01-01T00:00'), tariff: flatAt('0.60') },
];

describe('priceWithVersions', () => {
  it('splits an interval at a price change in proportion to time', () => {
    // 48 h, half before and half after the change: 5 kWh at 0.60 + 5 kWh at 0.65 = 6.25 yuan.
    const result = priceWithVersions(versions, span(10_000, '2026-06-30T00:00', '2026-07-02T00:00'));
    expect(result.items.map((item) => [item.quantity, item.pricePer10kYuan, item.effectiveFrom?.toISOString()])).toEqual([
      [5_000, 6_000, '2025-12-31T16:00:00.000Z'],
      [5_000, 6_500, '2026-06-30T16:00:00.000Z'],
    ]);
    expect(result.totalMicroFen).toBe(625n * 1_000_000n);
  });

  it('prices an interval wholly inside one version like priceConsumption', () => {
    fc.assert(
      fc.property(fc.nat(180 * 86_400_000), fc.integer({ min: 1, max: 86_400_000 }), fc.nat(1e9), (offset, length, quantity) => {
        const fromMs = at('2026-07-01T00:00').getTime() + offset;
        const input = { quantity, from: new Date(fromMs), to: new Date(fromMs + length), cycleUsedBefore: 0 };
        const direct = priceConsumption(flatAt('0.65'), input);
        expect(priceWithVersions(versions, input).totalMicroFen).toBe(direct.totalMicroFen);
      }),
    );
  });

  it('switches a meter between two schedules at a set instant', () => {
    const dayTime = parseTariff({
      name: 'old',
      utility: 'electricity',
      kind: 'tou',
      periods: { peak: '1', valley: '0.5' },
      schedule: [
        { from: '08:00', to: '22:00', period: 'peak' },
        { from: '22:00', to: '08:00', period: 'valley' },
      ],
    });
    const allDay = parseTariff({
      name: 'new',
      utility: 'electricity',
      kind: 'tou',
      periods: { flat: '0.7' },
      schedule: [{ from: '00:00', to: '24:00', period: 'flat' }],
    });
    const switched = [
      { effectiveFrom: at('2026-01-01T00:00'), tariff: dayTime },
      { effectiveFrom: at('2026-03-10T12:00'), tariff: allDay },
    ];
    const result = priceWithVersions(switched, span(24_000, '2026-03-10T00:00', '2026-03-11T00:00'));
    expect(result.items.map((item) => [item.label, item.quantity])).toEqual([
      ['peak', 4_000],
      ['valley', 8_000],
      ['flat', 12_000],
    ]);
  });

  it('counts tiers on across the pieces, in the cycle of the reading', () => {
    const tiers = (price2: string) =>
      parseTariff({
        name: 't',
        utility: 'water',
        kind: 'tiered',
        cycle: 'month',
        tiers: [
          { upTo: 10, price: '1' },
          { upTo: null, price: price2 },
        ],
      });
    const tiered = [
      { effectiveFrom: at('2026-01-01T00:00'), tariff: tiers('2') },
      { effectiveFrom: at('2026-05-16T00:00'), tariff: tiers('3') },
    ];
    const result = priceWithVersions(tiered, span(20_000, '2026-05-11T00:00', '2026-05-21T00:00', 5_000));
    expect(result.items.map((item) => [item.tier, item.quantity, item.pricePer10kYuan])).toEqual([
      [1, 5_000, 10_000],
      [2, 5_000, 20_000],
      [2, 10_000, 30_000],
    ]);
  });

  it('refuses an interval that starts before any version is in force', () => {
    const input = span(1, '2025-12-31T23:00', '2026-01-01T01:00');
    expect(() => priceWithVersions(versions, input)).toThrow(AppError);
    expect(() => priceWithVersions(versions, input)).toThrow(expect.objectContaining({ code: 'tariff.not_in_force', status: 400 }));
  });

  it('refuses inconsistent version lists', () => {
    const input = span(1, '2026-02-01T00:00', '2026-02-02T00:00');
    expect(() => priceWithVersions([], input)).toThrow(RangeError);
    const twins = [versions[1], { ...versions[1] }] as TariffVersion[];
    expect(() => priceWithVersions(twins, input)).toThrow(RangeError);
    const water = { effectiveFrom: at('2026-03-01T00:00'), tariff: { ...flatAt('1'), utility: 'water' as const } };
    expect(() => priceWithVersions([...versions, water], input)).toThrow(RangeError);
  });
});
