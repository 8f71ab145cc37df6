import { describe, expect, it } from 'vitest';
import { handler as health } from '../../functions/src/handlers/health';
import { integrationDeps, unique } from '../support/deps';
import { meterRecord } from '../support/fixtures';

const deps = integrationDeps();

const newMeter = (id: string) => meterRecord(id, { utility: 'water', buildingId: 'bldg-test', lowBalanceFen: 1000 });

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
    await expect(deps.store.meters.create(newMeter(id))).rejects.toMatchObject({ code: 'meter.exists', status: 409 });
  });

  it('refuses a second meter on the same platform device or IMEI', async () => {
    const first = unique('W');
    const imei = String(Date.now()).padStart(15, '8').slice(-15);
    await deps.store.meters.create(meterRecord(first, { deviceId: `dev-${first}`, imei }));
    await expect(deps.store.meters.create(meterRecord(unique('W'), { deviceId: `dev-${first}` }))).rejects.toMatchObject({ code: 'meter.device_taken' });
    await expect(deps.store.meters.create(meterRecord(unique('W'), { imei }))).rejects.toMatchObject({ code: 'meter.imei_taken' });
  });
});

describe('ledger posting', () => {
  it('keeps the balance exact under concurrent postings and writes each idempotency key once', async () => {
    const meterId = unique('W');
    await deps.store.meters.create(newMeter(meterId));
    const amounts = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? -(i * 7) : i * 100 + 1));
    const postings = amounts.flatMap((amountFen, i) => {
      const posting = { meterId, kind: 'adjustment' as const, amountFen, idempotencyKey: `${meterId}:${i}`, entryId: `${meterId}-e${i}`, at: `2026-11-21T00:00:${String(i).padStart(2, '0')}.000Z` };
      return [posting, { ...posting, entryId: `${posting.entryId}-retry` }]; // a retry is a new request: a new entry id, the same key
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

describe('alarm repository', () => {
  it('merges a repeat of one kind on one meter into the open alarm: count, first and last seen, the last details', async () => {
    const meterId = unique('A');
    const frame = (reason: string, at: string) => ({ meterId, kind: 'rejected_frame', severity: 'warning' as const, message: `上报数据被拒收：${reason}`, details: { reason }, raisedAt: at });
    expect(await deps.store.alarms.raise(frame('bad_checksum', '2026-11-21T01:00:00.000Z'))).toBe(true);
    expect(await deps.store.alarms.raise(frame('address_mismatch', '2026-11-21T02:00:00.000Z'))).toBe(false);
    await Promise.all([3, 4, 5].map((hour) => deps.store.alarms.raise(frame('invalid_bcd', `2026-11-21T0${hour}:00:00.000Z`))));
    const [alarm] = await deps.store.alarms.openFor(meterId);
    expect(alarm).toMatchObject({ kind: 'rejected_frame', status: 'open', count: 5, raisedAt: '2026-11-21T01:00:00.000Z', details: { reason: 'invalid_bcd' } });
    expect(alarm?.lastSeenAt).toMatch(/^2026-11-21T0[345]:00:00.000Z$/);
    const mine = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof deps.store.alarms.listOpen>> = await deps.store.alarms.listOpen({ limit: 100, ...(cursor ? { cursor } : {}) });
      mine.push(...page.items.filter((item) => item.meterId === meterId));
      cursor = page.next;
    } while (cursor);
    expect(mine).toHaveLength(1);
  });
});
