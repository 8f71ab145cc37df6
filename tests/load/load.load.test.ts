import { describe, expect, it } from 'vitest';
import { integrationDeps } from '../support/deps';
import { runLoad } from './scenario';

/**
 * `npm run test:load`: 10,000 meters' pushes and 1,000 recharges through the
 * real handlers on DynamoDB Local, with faults (throttling, lost answers,
 * transaction conflicts, lost notifications) and the retries the platforms
 * and WeChat make, through the push queue as deployed (LOAD_TRANSPORT=direct:
 * billed before the webhook answers). LOAD_METERS / LOAD_RECHARGES change the size.
 */
describe('load and faults, long form', () => {
  it('keeps every invariant of money and meters', async () => {
    const report = await runLoad(integrationDeps({ now: new Date() }), {
      meters: Number(process.env.LOAD_METERS ?? 10_000),
      readingsPerMeter: 3,
      recharges: Number(process.env.LOAD_RECHARGES ?? 1_000),
      seed: 20_261_202,
      faults: { throttle: 0.01, lostAnswer: 0.01, conflict: 0.01 },
      concurrency: 16,
      retries: 8,
      lostNotifications: 0.05,
      ...(process.env.LOAD_TRANSPORT === 'direct' ? {} : { queue: { maxReceives: 5 } }),
    });
    console.log(JSON.stringify({ ...report, violations: report.violations.length }));
    expect(report.violations).toEqual([]);
  }, 60 * 60_000);
});
