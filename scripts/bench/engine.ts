import { benchCases, billReading, parseTariff, priceConsumption, type BillingState } from '@prepaid/shared';
import { throughput } from './measure';

/** The pure tariff engine and billing decision, on one core. */
export function benchEngine(): { tariff_charges_per_s: { flat: number; tiered: number; tou: number }; billing_decisions_per_s: number; lines: string[] } {
  const lines: string[] = [];
  const rates = new Map<string, number>();
  for (const { name, tariff, input } of benchCases()) {
    const rate = throughput(() => priceConsumption(tariff, input));
    rates.set(name, rate);
    lines.push(`priceConsumption ${name}: ${rate.toLocaleString('en')} charges/s`);
  }
  const flat = parseTariff({ name: 'flat', utility: 'electricity', kind: 'flat', price: '0.4883' });
  const timeline = [{ effectiveFrom: new Date('2000-01-01T00:00:00Z'), tariff: flat }];
  const state: BillingState = { lastReading: { value: 1_000_000, at: new Date('2026-11-01T00:00:00Z') }, remainderMicroFen: 0, cycle: null };
  const reading = { value: 1_000_500, at: new Date('2026-11-01T01:00:00Z') };
  const limits = { rolloverAtBaseUnits: 999_999_990, maxPlausiblePerHour: 13_200 };
  const decisions = throughput(() => billReading(state, reading, { limits, timeline }));
  lines.push(`billReading (assess + price + carry), flat: ${decisions.toLocaleString('en')} readings/s`);
  return {
    tariff_charges_per_s: {
      flat: rates.get('flat, one day') ?? 0,
      tiered: rates.get('yearly tiers across a threshold, pro-rated') ?? 0,
      tou: rates.get('time of use across midnight') ?? 0,
    },
    billing_decisions_per_s: decisions,
    lines,
  };
}
