import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RechargeState } from '../api';
import { fail, fakeApi, ok, type FakeAnswer } from '../test/fake-api';
import { waitForSettlement, type WaitOptions } from './wait-for-settlement';

afterEach(() => {
  vi.restoreAllMocks();
});

const URL = '/v1/recharges/RC1';
const order = (status: RechargeState): FakeAnswer =>
  ok({ outTradeNo: 'RC1', status, amountFen: 5000, meterId: 'E-1', createdAt: '2025-11-21T10:00:00+08:00' });

/** Answers in turn (the last repeating); `polls()` counts the calls. */
function answering(...answers: FakeAnswer[]) {
  const { seen } = fakeApi({ [`GET ${URL}`]: () => answers[Math.min(seen.length - 1, answers.length - 1)] as FakeAnswer });
  return { polls: () => seen.length };
}

/** A virtual clock: sleeping advances it, so a 20 s wait takes no real time. */
function virtualTime(overrides: Partial<WaitOptions> = {}): WaitOptions {
  let nowMs = 0;
  return {
    pollIntervalMs: 1000,
    pollTimeoutMs: 20_000,
    isActive: () => true,
    now: () => nowMs,
    sleep: (durationMs) => {
      nowMs += durationMs;
      return Promise.resolve();
    },
    ...overrides,
  };
}

describe('waitForSettlement', () => {
  it('asks once a second and stops at the first settled answer', async () => {
    const api = answering(order('pending'), order('pending'), order('paid'));

    const settlement = await waitForSettlement('RC1', virtualTime());

    expect(settlement).toMatchObject({ outcome: 'paid', recharge: { status: 'paid', amountFen: 5000 } });
    expect(api.polls()).toBe(3);
  });

  it.each(['closed', 'failed'] as const)('stops at %s too', async (state) => {
    answering(order(state));

    await expect(waitForSettlement('RC1', virtualTime())).resolves.toMatchObject({ outcome: state });
  });

  it('gives up after the timeout: 21 questions at 0 s, 1 s, … 20 s', async () => {
    const api = answering(order('pending'));

    await expect(waitForSettlement('RC1', virtualTime())).resolves.toEqual({ outcome: 'timeout', lastError: null });
    expect(api.polls()).toBe(21);
  });

  it('keeps asking through network and server errors, and reports the last one on timeout', async () => {
    const api = answering(fail(503, 'store.unavailable', 'busy'), order('paid'));

    await expect(waitForSettlement('RC1', virtualTime())).resolves.toMatchObject({ outcome: 'paid' });
    expect(api.polls()).toBe(2);

    answering(fail(503, 'store.unavailable', 'busy'));
    await expect(waitForSettlement('RC1', virtualTime({ pollTimeoutMs: 3000 }))).resolves.toMatchObject({
      outcome: 'timeout',
      lastError: { code: 'store.unavailable' },
    });
  });

  it('throws a 4xx at once: asking again cannot help', async () => {
    const api = answering(fail(404, 'recharge.not_found', 'No such order'));

    await expect(waitForSettlement('RC1', virtualTime())).rejects.toMatchObject({ code: 'recharge.not_found' });
    expect(api.polls()).toBe(1);
  });

  it('stops asking once nobody waits any more', async () => {
    const api = answering(order('pending'));
    let active = true;
    const options = virtualTime();
    const sleep = options.sleep;
    options.sleep = async (durationMs) => {
      await sleep?.(durationMs);
      active = false;
    };

    await expect(waitForSettlement('RC1', { ...options, isActive: () => active })).resolves.toEqual({ outcome: 'abandoned' });
    expect(api.polls()).toBe(1);
  });
});
