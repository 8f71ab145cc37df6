import { describe, expect, it } from 'vitest';
import { handler as health } from '../../functions/src/handlers/health';
import type { MeterRecord } from '../../functions/src/store';
import { integrationDeps, unique } from '../support/deps';

const deps = integrationDeps();

const newMeter = (id: string): MeterRecord => ({
  id,
  utility: 'water',
  protocol: 'cjt188',
  address: '00000019121301',
  platform: 'simulator',
  deviceId: `dev-${id}`,
  imei: null,
  tariffId: 'water-flat',
  buildingId: 'bldg-test',
  room: null,
  lowBalanceFen: 1000,
  keepOn: false,
  supply: 'on',
  online: true,
  lastReading: null,
  createdAt: '2026-11-21T00:00:00.000Z',
});

const event = (routeKey: string) => ({ routeKey, requestContext: { requestId: 'r' }, headers: {} }) as never;

describe('health against DynamoDB Local', () => {
  it('answers 503 service.starting while the table does not exist', async () => {
    const missing = integrationDeps({ tableName: unique('no-table') });
    const answer = await health.withDeps(() => missing)(event('GET /v1/health'));
    expect(answer.statusCode).toBe(503);
    expect(JSON.parse(answer.body).error.code).toBe('service.starting');
  });

  it('answers 200 ok on the real table', async () => {
    const answer = await health.withDeps(() => deps)(event('GET /v1/health'));
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok', time: '2026-11-21T00:00:00.000Z' });
  });
});

describe('meter repository', () => {
  it('refuses to create the same meter twice', async () => {
    const id = unique('W');
    await deps.store.meters.create(newMeter(id));
    await expect(deps.store.meters.create(newMeter(id))).rejects.toThrow(/ConditionalCheckFailed|conditional/i);
  });
});

describe('ledger posting', () => {
  it('keeps the balance exact under concurrent postings and writes each idempotency key once', async () => {
    const meterId = unique('W');
    await deps.store.meters.create(newMeter(meterId));
    const amounts = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? -(i * 7) : i * 100 + 1));
    const postings = amounts.flatMap((amountFen, i) => {
      const posting = { meterId, kind: 'adjustment' as const, amountFen, idempotencyKey: `${meterId}:${i}`, entryId: `${meterId}-e${i}`, at: `2026-11-21T00:00:${String(i).padStart(2, '0')}.000Z` };
      return [posting, posting];
    });
    const results = await Promise.all(postings.map((posting) => deps.store.ledger.post(posting)));
    expect(results.filter((result) => !result.duplicate)).toHaveLength(amounts.length);
    const view = await deps.store.meters.getView(meterId);
    expect(view?.balanceFen).toBe(amounts.reduce((sum, amount) => sum + amount, 0));
  });

  it('answers a retry with the first result and writes nothing new', async () => {
    const meterId = unique('W');
    await deps.store.meters.create(newMeter(meterId));
    const posting = { meterId, kind: 'recharge' as const, amountFen: 5000, idempotencyKey: `${meterId}:pay`, entryId: `${meterId}-1`, at: '2026-11-21T00:00:00.000Z' };
    const first = await deps.store.ledger.post(posting);
    const retry = await deps.store.ledger.post({ ...posting, entryId: `${meterId}-2` });
    expect(first).toEqual({ entryId: `${meterId}-1`, balanceAfterFen: 5000, duplicate: false });
    expect(retry).toEqual({ entryId: `${meterId}-1`, balanceAfterFen: 5000, duplicate: true });
  });
});
