import { encodeDlt645Answer } from '@prepaid/shared';
import { describe, expect, inject, it } from 'vitest';
import { toBeijingWallClock } from '../../functions/src/platform/beijing-time';
import { mulberry32 } from '../../scripts/simulator/random';
import { integrationDeps, unique } from '../support/deps';
import { call } from '../support/http';
import { inFlight } from '../support/in-flight';
import { pushesSettled } from '../support/queue';

const api = inject('apiUrl');
const admin = inject('adminKey');
const post = (path: string, body: unknown, token = admin) => call(api, path, { body, token });

/**
 * The burst of issue 10, against the running stack (HTTP, the push queue,
 * the ingest function): 20 meters each send 40 hourly readings, a fifth of
 * them twice and a tenth swapped with a neighbour, 16 pushes in flight.
 * Every meter bills exactly the consumption from its earliest reading to its
 * latest, and every reading's consumption is in the hour it belongs to (the
 * usage aggregates, read from the table: no route serves them yet).
 */
describe('a burst of stored readings, in any order', () => {
  it('bills every meter exactly from its earliest reading and charts every hour', async () => {
    const random = mulberry32(20_261_202); // deterministic, so a failure can be replayed
    const tariff = await post('/v1/admin/tariffs', { name: 'burst', utility: 'electricity', kind: 'flat', price: '0.50' });
    const t0 = Date.now() - 3 * 86_400_000 - ((Date.now() - 3 * 86_400_000) % 3_600_000);
    const meters = await Promise.all(Array.from({ length: 20 }, async (_, m) => {
      const id = unique(`B${m}`);
      const address = String(600_000_000_000 + Math.floor(random() * 99_999_999_999));
      const created = await post('/v1/admin/meters', { id, utility: 'electricity', protocol: 'dlt645', address, platform: 'ctwing', deviceId: `ctwing-${id}`, tariffId: tariff.body.id });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      let value = 2_000_000;
      const readings = Array.from({ length: 40 }, (_, h) => ({ at: t0 + h * 3_600_000, value: h === 0 ? value : (value += 10 * Math.floor(random() * 200)) }));
      return { id, address, deviceId: `ctwing-${id}`, readings };
    }));
    const pushes: (() => Promise<void>)[] = [];
    for (const meter of meters) {
      const order = meter.readings.map((_, h) => h);
      for (let h = 0; h + 1 < order.length; h++) if (random() < 0.1) [order[h], order[h + 1]] = [order[h + 1]!, order[h]!];
      for (const h of order) {
        const { at, value } = meter.readings[h]!;
        const body = {
          messageType: 'dataReport',
          deviceId: meter.deviceId,
          timestamp: at,
          payload: { APPdata: Buffer.from(encodeDlt645Answer(meter.address, { kind: 'energy', register: 'total', energyWh: value })).toString('base64') },
        };
        const push = async () => {
          const answer = await post('/v1/webhooks/ctwing?token=local-ctwing-token', body, '');
          expect(answer.status).toBe(200);
        };
        pushes.push(push);
        if (random() < 0.2) pushes.push(push);
      }
    }
    // Meters interleaved, as a platform's burst arrives.
    for (let i = pushes.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pushes[i], pushes[j]] = [pushes[j]!, pushes[i]!];
    }
    const sent = await inFlight(pushes, 16);
    expect(sent.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    await pushesSettled(120_000);

    const { store } = integrationDeps();
    for (const meter of meters) {
      const first = meter.readings[0]!;
      const last = meter.readings.at(-1)!;
      // 0.50 yuan per kWh is 5 fen per 100 Wh; fractions carried, so within a fen.
      const exactFen = Math.floor(((last.value - first.value) * 5) / 100);
      const view = await call(api, `/v1/meters/${meter.id}`, { token: admin });
      expect(Math.abs(-view.body.balanceFen - exactFen), `${meter.id}: balance ${view.body.balanceFen}, exact cost ${exactFen}`).toBeLessThanOrEqual(1);
      const readings = (await call(api, `/v1/meters/${meter.id}/readings?limit=100`, { token: admin })).body.items as { at: string; receivedAt: string; status: string; quantity?: number }[];
      expect(readings.filter((r) => r.status === 'baseline' || r.status === 'billed'), meter.id).toHaveLength(40);
      expect(readings.find((r) => r.status === 'baseline')?.at).toBe(new Date(first.at).toISOString());
      // Taken three days ago, arrived just now: both times are shown.
      expect(readings.every((r) => Date.parse(r.receivedAt) > Date.parse(r.at))).toBe(true);
      // Every hour's consumption is where the readings put it.
      const day = (at: number) => toBeijingWallClock(new Date(at)).toISOString().slice(0, 10);
      const hours = new Map<string, number>();
      for (const { day: d, usage } of await store.usage.days(meter.id, day(first.at), day(last.at))) {
        usage.parts.forEach((part, hour) => part.quantity !== 0 && hours.set(`${d}T${String(hour).padStart(2, '0')}`, part.quantity));
      }
      const want = new Map(meter.readings.slice(1).flatMap((reading, h) => {
        const quantity = reading.value - meter.readings[h]!.value;
        return quantity === 0 ? [] : [[toBeijingWallClock(new Date(reading.at)).toISOString().slice(0, 13), quantity] as const];
      }));
      expect(hours, meter.id).toEqual(want);
    }
  }, 300_000);
});
