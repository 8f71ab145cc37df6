import { describe, expect, it } from 'vitest';
import { ingestReading } from '../../functions/src/services/billing';
import { recordOfflinePayment } from '../../functions/src/services/payments';
import { createMeter, createTariff } from '../../functions/src/services/provisioning';
import type { LedgerEntry } from '../../functions/src/store';
import { integrationDeps, unique } from '../support/deps';
import { inFlight } from '../support/in-flight';
import { wholeLedger } from '../support/ledger';

const deps = integrationDeps();
/** Four Lambda containers: each its own DynamoDB client, all on one wallet. */
const containers = Array.from({ length: 4 }, () => integrationDeps());

/** A fixed pseudo-random order (a seeded LCG): the same interleaving every run, still far from sorted. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
const manager = { kind: 'user', openid: 'manager-1', roles: ['manager'] } as const;
const T0 = Date.parse('2026-11-01T00:00:00+08:00');
const hour = (n: number) => new Date(T0 + n * 3_600_000);

async function newMeter(tariffBody: Record<string, unknown>) {
  const tariff = await createTariff(deps, { id: unique('t'), ...tariffBody } as never);
  const id = unique('E');
  await createMeter(deps, { id, utility: 'electricity', protocol: 'dlt645', address: '123456789012', platform: 'simulator', deviceId: `dev-${id}`, tariffId: tariff.id });
  return id;
}

/** Balance = sum of entries, and every entry's balance-after follows from the one before. */
function expectConsistentLedger(entries: readonly LedgerEntry[], balanceFen: number): void {
  let running = 0;
  for (const entry of entries) {
    running += entry.amountFen;
    expect(entry.balanceAfterFen).toBe(running);
  }
  expect(running).toBe(balanceFen);
}

const reading = (value: number, n: number) => ({ value, unit: 'Wh' as const, at: hour(n), source: 'test' });

describe('billing on DynamoDB Local', () => {
  it('ends 200 charges, payments and duplicates of each, 8 at once on one wallet, at the exact balance, with no duplicate entries', async () => {
    const meterId = await newMeter({ name: 'flat', utility: 'electricity', kind: 'flat', price: '0.4883' });
    await ingestReading(deps, meterId, reading(1_000_000, 0)); // the baseline, first
    const readings = Array.from({ length: 100 }, (_, i) => reading(1_000_000 + (i + 1) * 777, i + 1));
    const payments = Array.from({ length: 50 }, (_, i) => ({ amountFen: 100 + i, method: 'bank_transfer' as const, reference: `${meterId}-tx-${i}` }));
    const on = (i: number) => containers[i % containers.length]!;
    const operations = shuffled(
      [
        ...readings.map((r, i) => () => ingestReading(on(i), meterId, r)),
        ...readings.slice(0, 30).map((r, i) => () => ingestReading(on(i + 1), meterId, r)),
        ...payments.map((p, i) => () => recordOfflinePayment(on(i + 2), manager, meterId, p, undefined)),
        ...payments.slice(0, 20).map((p, i) => () => recordOfflinePayment(on(i + 3), manager, meterId, p, undefined)),
      ],
      20_261_201,
    );
    expect(operations).toHaveLength(200);
    // Every operation is legitimate, so every one must succeed, however long the others hold the wallet.
    // 8 in flight at once, from four containers, in a shuffled order (duplicates meet their originals):
    // more than ever contend for one wallet (its pushes come one at a time through the device's queue
    // group). All 200 at once measured the retry storm (each commit makes the other 199 read again:
    // O(n²) requests, over the two-minute limit on CI's two cores), not the wallet's correctness.
    const outcomes = await inFlight<unknown>(operations, 8);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);

    // Every reading takes its place in the history whatever the order, so 100 × 777 Wh are billed: exactly floor(77.7 kWh × 0.4883 yuan).
    const chargedFen = Math.floor((100 * 777 * 4883 * 10) / 1_000_000);
    const paidFen = payments.reduce((sum, p) => sum + p.amountFen, 0);
    const view = await deps.store.meters.getView(meterId);
    expect(view?.balanceFen).toBe(paidFen - chargedFen);
    const entries = await wholeLedger(deps, meterId);
    expect(entries.filter((entry) => entry.kind === 'recharge')).toHaveLength(50);
    expect(new Set(entries.map((entry) => entry.reference ?? entry.readingAt)).size).toBe(entries.length);
    expect(entries.filter((e) => e.kind === 'charge').reduce((sum, e) => sum - e.amountFen, 0)).toBe(chargedFen);
    expectConsistentLedger(entries, paidFen - chargedFen);
  }, 120_000);

  it('bills a year of Zhejiang tiers to 285200 fen for 5000 kWh, however the readings cross the thresholds', async () => {
    const meterId = await newMeter({
      name: 'zj', utility: 'electricity', kind: 'tiered', cycle: 'year',
      tiers: [{ upTo: 2760, price: '0.538' }, { upTo: 4800, price: '0.588' }, { upTo: null, price: '0.838' }],
    });
    const start = Date.parse('2026-01-01T00:00:00+08:00');
    const steps = [0, 1_000_000, 2_900_000, 3_333_333, 4_800_000, 4_950_000, 5_000_000];
    for (const [i, kWhE3] of steps.entries()) {
      await ingestReading(deps, meterId, { value: 50_000_000 + kWhE3, unit: 'Wh', at: new Date(start + i * 40 * 86_400_000), source: 'test' });
    }
    const entries = await wholeLedger(deps, meterId);
    expect(entries.reduce((sum, entry) => sum - entry.amountFen, 0)).toBe(285_200);
    const crossing = entries.find((entry) => entry.readingAt === new Date(start + 2 * 40 * 86_400_000).toISOString());
    expect(crossing?.items?.map((item) => [item.label, item.quantity])).toEqual([['tier 1', 1_760_000], ['tier 2', 140_000]]);
  });

  it('stores an implausible jump as an anomaly, bills nothing, and keeps billing from the last good reading', async () => {
    const meterId = await newMeter({ name: 'flat', utility: 'electricity', kind: 'flat', price: '1.00' });
    await ingestReading(deps, meterId, reading(10_000, 0));
    const jump = await ingestReading(deps, meterId, reading(900_000_000, 1));
    expect(jump.reading).toMatchObject({ status: 'anomaly', reason: 'implausible_jump' });
    const next = await ingestReading(deps, meterId, reading(11_000, 2));
    expect(next.reading).toMatchObject({ status: 'billed', quantity: 1_000, chargeFen: 100 });
    const anomalies = await deps.store.readings.listAnomalies({ limit: 100 });
    expect(anomalies.items.some((item) => item.meterId === meterId && item.value === 900_000_000)).toBe(true);
  });

  it('places an older reading before the baseline (billing the interval up to it), and bills the same reading twice once', async () => {
    const meterId = await newMeter({ name: 'flat', utility: 'electricity', kind: 'flat', price: '1.00' });
    await ingestReading(deps, meterId, reading(10_000, 5));
    const older = await ingestReading(deps, meterId, reading(9_000, 4));
    expect(older.reading).toMatchObject({ status: 'baseline', chargeFen: 100 });
    const sameInstant = await ingestReading(deps, meterId, reading(9_500, 4));
    expect(sameInstant.duplicate).toBe(true);
    const billed = await Promise.all(Array.from({ length: 10 }, () => ingestReading(deps, meterId, reading(12_000, 6))));
    expect(billed.filter((result) => !result.duplicate)).toHaveLength(1);
    expect((await deps.store.meters.getView(meterId))?.balanceFen).toBe(-300);
    const stored = (await deps.store.readings.list(meterId, { limit: 10 })).items.map((r) => [r.value, r.status, r.quantity ?? 0]);
    expect(stored).toEqual([[12_000, 'billed', 2_000], [10_000, 'billed', 1_000], [9_000, 'baseline', 0]]);
  });

  it('carries a counter rollover (999999.99 → 0.00 kWh) into the right consumption', async () => {
    const meterId = await newMeter({ name: 'flat', utility: 'electricity', kind: 'flat', price: '1.00' });
    await ingestReading(deps, meterId, reading(999_999_000, 0));
    const wrapped = await ingestReading(deps, meterId, reading(1_000, 1));
    expect(wrapped.reading).toMatchObject({ status: 'billed', reason: 'rollover', quantity: 2_000 });
  });
});
