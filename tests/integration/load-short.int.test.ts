import { describe, expect, it } from 'vitest';
import { runLoad, type LoadOptions } from '../load/scenario';
import { integrationDeps } from '../support/deps';

/** The short form of `npm run test:load`, in every `npm test`. */
const SHORT: LoadOptions = {
  meters: 120,
  readingsPerMeter: 4,
  recharges: 40,
  seed: 7,
  faults: { throttle: 0.02, lostAnswer: 0.02, conflict: 0.02 },
  concurrency: 12,
  retries: 8,
  lostNotifications: 0.1,
};

describe('load and faults, short form', () => {
  it('keeps every invariant of money and meters through throttling, lost answers, conflicts and lost notifications', async () => {
    const report = await runLoad(integrationDeps({ now: new Date() }), SHORT);
    expect(report.faults.throttled + report.faults.lostAnswers + report.faults.conflicts).toBeGreaterThan(20); // the faults did strike
    expect(report.violations).toEqual([]);
  }, 240_000);

  it('goes red when the platforms do not re-deliver what got no answer: the checks can fail', async () => {
    const report = await runLoad(integrationDeps({ now: new Date() }), { ...SHORT, seed: 8, retries: 0 });
    expect(report.violations.length).toBeGreaterThan(0);
    expect(report.violations.some((violation) => /never arrived|not paid/.test(violation))).toBe(true);
  }, 240_000);

  it('keeps them through the push queue, as deployed: a push whose processing failed is delivered again, in its order', async () => {
    const report = await runLoad(integrationDeps({ now: new Date() }), { ...SHORT, seed: 9, queue: { maxReceives: 5 } });
    expect(report.faults.throttled + report.faults.lostAnswers + report.faults.conflicts).toBeGreaterThan(20);
    expect(report.deadPushes).toBe(0);
    expect(report.violations).toEqual([]);
  }, 240_000);

  it('goes red when the queue does not deliver a failed push again', async () => {
    const report = await runLoad(integrationDeps({ now: new Date() }), { ...SHORT, seed: 10, queue: { maxReceives: 1 } });
    expect(report.deadPushes).toBeGreaterThan(0);
    expect(report.violations.some((violation) => /never arrived/.test(violation))).toBe(true);
  }, 240_000);
});
