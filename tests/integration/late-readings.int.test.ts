import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRICE_CHANGE_AT, shuffledDelivery, sortedStreamBill, STREAM_TARIFFS, STREAM_TIMELINES } from '../../shared/src/billing/late-reading.fixtures';
import type { Deps } from '../../functions/src/deps';
import { toBeijingWallClock } from '../../functions/src/platform/beijing-time';
import { recordReading } from '../../functions/src/services/billing';
import { addTariffVersion, createMeter, createTariff } from '../../functions/src/services/provisioning';
import { integrationDeps, unique } from '../support/deps';
import { wholeLedger } from '../support/ledger';

/**
 * Order does not change money or charts, on the real decide/commit path on
 * DynamoDB Local: a meter's readings, delivered in random order, each twice,
 * several of them in flight at once, bill exactly what the sorted stream
 * costs, and the hourly usage is the sorted stream's.
 */
const RUNS = Number(process.env.LATE_PROPERTY_RUNS ?? 5);
// Late enough that every history (from 28 November, at most ~4 days) is in the past, and within the 45-day window.
const NOW = new Date('2026-12-04T12:00:00+08:00');

async function meterWith(deps: Deps, timeline: keyof typeof STREAM_TIMELINES): Promise<string> {
  const tariffId = unique('LT');
  const first = timeline === 'tiered' ? STREAM_TARIFFS.tiered : timeline === 'time of use' ? STREAM_TARIFFS.tou : STREAM_TARIFFS.flat;
  await createTariff(deps, { id: tariffId, ...structuredClone(first) } as never);
  if (timeline === 'price change') await addTariffVersion(deps, tariffId, { ...structuredClone(STREAM_TARIFFS.dearer), effectiveFrom: PRICE_CHANGE_AT.toISOString() } as never);
  const id = unique('LM');
  await createMeter(deps, { id, utility: 'electricity', protocol: 'dlt645', address: String(500_000_000_000 + Math.floor(Math.random() * 99_999_999_999)), platform: 'simulator', deviceId: `d-${id}`, tariffId });
  return id;
}

/** Runs `tasks` with at most `limit` in flight. */
async function inFlight(tasks: readonly (() => Promise<unknown>)[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < tasks.length) await tasks[next++]!();
  }));
}

const hourOf = (at: Date) => toBeijingWallClock(at).toISOString().slice(0, 13);

describe('late, early and repeated readings, on DynamoDB Local', () => {
  for (const timeline of Object.keys(STREAM_TIMELINES) as (keyof typeof STREAM_TIMELINES)[]) {
    it(`bill the sorted stream's exact cost and chart its hours, whatever the order and concurrency (${timeline})`, async () => {
      await fc.assert(
        fc.asyncProperty(shuffledDelivery(14), fc.integer({ min: 1, max: 6 }), async ([readings, delivery], concurrency) => {
          const deps = integrationDeps({ now: NOW });
          const meterId = await meterWith(deps, timeline);
          await inFlight(delivery.map((reading) => () => recordReading(deps, meterId, { ...reading, unit: 'Wh', source: 'test' })), concurrency);

          const expected = sortedStreamBill(readings, STREAM_TIMELINES[timeline]);
          const entries = await wholeLedger(deps, meterId);
          const balance = (await deps.store.meters.getView(meterId))?.balanceFen;
          expect(entries.reduce((sum, entry) => sum + entry.amountFen, 0)).toBe(balance);
          expect(Math.abs(-balance! - expected.fen)).toBeLessThanOrEqual(1);

          const stored = (await deps.store.readings.list(meterId, { limit: 100 })).items;
          expect(stored.filter((r) => r.status === 'baseline' || r.status === 'billed')).toHaveLength(new Set(readings.map((r) => r.at.getTime())).size);

          // Hour by hour (Beijing), quantity and exact cost, as the sorted stream has them.
          const want = new Map<string, { quantity: number; cost: number }>();
          for (const use of expected.usage) {
            const sum = want.get(hourOf(use.at)) ?? { quantity: 0, cost: 0 };
            want.set(hourOf(use.at), { quantity: sum.quantity + use.quantity, cost: sum.cost + Number(use.costMicroFen) });
          }
          const got = new Map<string, { quantity: number; cost: number }>();
          for (const { day, usage } of await deps.store.usage.days(meterId, '2026-11-28', '2026-12-04')) {
            usage.parts.forEach((part, hour) => {
              if (part.quantity !== 0 || part.costMicroFen !== 0) got.set(`${day}T${String(hour).padStart(2, '0')}`, { quantity: part.quantity, cost: part.costMicroFen });
            });
          }
          for (const [hour, sum] of want) if (sum.quantity === 0 && sum.cost === 0) want.delete(hour);
          expect(got).toEqual(want);
        }),
        { numRuns: RUNS },
      );
    }, 240_000);
  }
});

describe('the history window', () => {
  it('quarantines a late reading dated before the window (with an alarm) and bills nothing; one inside it takes its place', async () => {
    const deps = integrationDeps({ now: NOW });
    const meterId = await meterWith(deps, 'flat');
    const reading = (value: number, iso: string) => recordReading(deps, meterId, { value, at: new Date(iso), unit: 'Wh', source: 'test' });
    await reading(2_000_000, '2026-12-01T08:00:00+08:00');
    await reading(2_010_000, '2026-12-02T08:00:00+08:00');
    // 45 days before 4 December is 20 October.
    const old = await reading(1_900_000, '2026-10-10T08:00:00+08:00');
    expect(old.reading).toMatchObject({ status: 'anomaly', reason: 'outside_history_window' });
    const state = await deps.store.meters.loadState(meterId);
    expect(state?.openAlarms.filter((alarm) => alarm.kind === 'rejected_frame').map((alarm) => alarm.details.reason)).toEqual(['outside_history_window']);
    expect((await deps.store.meters.getView(meterId))?.balanceFen).toBe(-600);
    const inside = await reading(1_990_000, '2026-10-25T08:00:00+08:00');
    expect(inside.reading).toMatchObject({ status: 'baseline', chargeFen: 600 });
    expect((await deps.store.meters.getView(meterId))?.balanceFen).toBe(-1_200);
  });
});
