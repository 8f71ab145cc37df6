import { describe, expect, it } from 'vitest';
import { applyCharge } from '../charging';
import { parseTariff } from './parse';
import { priceConsumption } from './price-consumption';
import { priceWithVersions } from './versions';

const at = (iso: string) => new Date(`${iso}+08:00`);
const span = (quantity: number, from: string, to: string, cycleUsedBefore = 0) => ({
  quantity,
  from: at(from),
  to: at(to),
  cycleUsedBefore,
});
const fen = (microFen: bigint) => applyCharge(0, microFen);

describe('published tariffs', () => {
  it('Zhejiang residential yearly tiers: 5000 kWh in a year costs 2852.00 yuan', () => {
    // Prepare
    const zhejiang = parseTariff({
      name: '浙江居民阶梯电价',
      utility: 'electricity',
      kind: 'tiered',
      cycle: 'year',
      tiers: [
        { upTo: 2760, price: '0.538' },
        { upTo: 4800, price: '0.588' },
        { upTo: null, price: '0.838' },
      ],
    });
    // Act
    const result = priceConsumption(zhejiang, span(5_000_000, '2026-01-01T00:00', '2026-12-31T23:00'));
    // Assess: 2760 × 0.538 + 2040 × 0.588 + 200 × 0.838 = 1484.88 + 1199.52 + 167.60
    expect(result.items.map((item) => [item.quantity, fen(item.costMicroFen).chargeFen])).toEqual([
      [2_760_000, 148_488],
      [2_040_000, 119_952],
      [200_000, 16_760],
    ]);
    expect(fen(result.totalMicroFen)).toEqual({ chargeFen: 285_200, remainderMicroFen: 0 });
  });

  it('the CONTRACT.md monthly tiers: 450 kWh costs 242.735 yuan, half a fen carried', () => {
    const contract = parseTariff({
      name: 'CONTRACT.md',
      utility: 'electricity',
      kind: 'tiered',
      cycle: 'month',
      tiers: [
        { upTo: 240, price: '0.4883' },
        { upTo: 400, price: '0.5383' },
        { upTo: null, price: '0.7883' },
      ],
    });
    const result = priceConsumption(contract, span(450_000, '2026-11-01T00:00', '2026-11-30T00:00'));
    // 240 × 0.4883 = 117.192; 160 × 0.5383 = 86.128; 50 × 0.7883 = 39.415.
    expect(result.items.map((item) => item.costMicroFen)).toEqual([11_719_200_000n, 8_612_800_000n, 3_941_500_000n]);
    expect(fen(result.totalMicroFen)).toEqual({ chargeFen: 24_273, remainderMicroFen: 500_000 });
  });

  it('a time-of-use day across midnight: 20:00 → 10:00 with 14 kWh costs 6.80 yuan', () => {
    const tou = parseTariff({
      name: '峰谷分时',
      utility: 'electricity',
      kind: 'tou',
      periods: { peak: '0.95', valley: '0.30' },
      schedule: [
        { from: '08:00', to: '22:00', period: 'peak' },
        { from: '22:00', to: '08:00', period: 'valley' },
      ],
    });
    const result = priceConsumption(tou, span(14_000, '2026-03-10T20:00', '2026-03-11T10:00'));
    // 2 h peak before 22:00 + 2 h peak after 08:00 = 4 kWh at 0.95; 10 h valley = 10 kWh at 0.30.
    expect(result.items.map((item) => [item.period, item.quantity])).toEqual([
      ['peak', 4_000],
      ['valley', 10_000],
    ]);
    expect(fen(result.totalMicroFen)).toEqual({ chargeFen: 680, remainderMicroFen: 0 });
  });

  it('a summer super-peak: 11:00–13:00 in July and August at 1.20', () => {
    const schedule = (middle: 'flat' | 'sharp') => [
      { from: '08:00', to: '11:00', period: 'peak' },
      { from: '11:00', to: '13:00', period: middle },
      { from: '13:00', to: '22:00', period: 'peak' },
      { from: '22:00', to: '08:00', period: 'valley' },
    ];
    const tou = parseTariff({
      name: '夏季尖峰',
      utility: 'electricity',
      kind: 'tou',
      periods: { sharp: '1.20', peak: '0.95', flat: '0.60', valley: '0.30' },
      schedule: schedule('flat'),
      seasons: [{ name: 'summer', months: [7, 8], schedule: schedule('sharp') }],
    });
    const day = (date: string) => priceConsumption(tou, span(24_000, `${date}T00:00`, `${date}T24:00`));
    // 1 kWh an hour. July: 2 h sharp (2.40) + 12 h peak (11.40) + 10 h valley (3.00) = 16.80 yuan.
    expect(day('2026-07-15').items.map((item) => [item.period, item.quantity])).toEqual([
      ['sharp', 2_000],
      ['peak', 12_000],
      ['valley', 10_000],
    ]);
    expect(fen(day('2026-07-15').totalMicroFen).chargeFen).toBe(1_680);
    // September: the same hours are flat: 2 h flat (1.20) + 12 h peak + 10 h valley = 15.60 yuan.
    expect(fen(day('2026-09-15').totalMicroFen).chargeFen).toBe(1_560);
  });

  it('a water tariff with the sewage fee itemised', () => {
    const water = parseTariff({
      name: '居民阶梯水价',
      utility: 'water',
      kind: 'tiered',
      cycle: 'month',
      tiers: [
        { upTo: 15, price: '2.90' },
        { upTo: 25, price: '4.35' },
        { upTo: null, price: '8.70' },
      ],
      components: [{ name: '污水处理费', price: '0.95' }],
    });
    const result = priceConsumption(water, span(18_250, '2026-05-20T08:00', '2026-05-27T08:00', 9_000));
    // From 9 m³ to 27.25 m³ this month: 6 m³ × 2.90 = 17.40; 10 m³ × 4.35 = 43.50; 2.25 m³ × 8.70 = 19.575;
    // sewage on all 18.25 m³ × 0.95 = 17.3375; total 97.8125 yuan.
    expect(result.items.map((item) => [item.label, item.kind, item.quantity, item.costMicroFen])).toEqual([
      ['tier 1', 'consumption', 6_000, 1_740_000_000n],
      ['tier 2', 'consumption', 10_000, 4_350_000_000n],
      ['tier 3', 'consumption', 2_250, 1_957_500_000n],
      ['污水处理费', 'component', 18_250, 1_733_750_000n],
    ]);
    expect(fen(result.totalMicroFen)).toEqual({ chargeFen: 9_781, remainderMicroFen: 250_000 });
  });

  it('a price change mid-interval: 10 kWh over 48 h, 0.60 then 0.65 from 1 July', () => {
    const flat = (price: string) => parseTariff({ name: '居民电价', utility: 'electricity', kind: 'flat', price });
    const result = priceWithVersions(
      [
        { effectiveFrom: at('2026-01-01T00:00'), tariff: flat('0.60') },
        { effectiveFrom: at('2026-07-01T00:00'), tariff: flat('0.65') },
      ],
      span(10_000, '2026-06-30T00:00', '2026-07-02T00:00'),
    );
    // 5 kWh × 0.60 + 5 kWh × 0.65 = 3.00 + 3.25 = 6.25 yuan.
    expect(fen(result.totalMicroFen)).toEqual({ chargeFen: 625, remainderMicroFen: 0 });
  });
});
