import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUSINESS_METRICS, emfMetrics, METRICS_NAMESPACE, METRICS_SERVICE } from './metrics';

/** The lines written to stdout while `run` runs (Powertools writes the embedded metrics there, as Lambda's log). */
function stdoutOf(run: () => void): string[] {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    run();
  } finally {
    write.mockRestore();
  }
  return lines;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('business metrics in CloudWatch embedded metric format', () => {
  it('writes each value at once as one EMF line: namespace, the service and stage dimensions, the metric’s unit', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const metrics = emfMetrics('prod');
    const lines = stdoutOf(() => {
      metrics.add('CreditedFen', 5000);
      metrics.add('OldestRefundRequestWaitingSeconds', 90_000);
    });
    expect(lines).toHaveLength(2);
    const [credited, oldest] = lines.map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } });
    expect(credited!._aws.CloudWatchMetrics).toEqual([{ Namespace: METRICS_NAMESPACE, Dimensions: [['service', 'stage']], Metrics: [{ Name: 'CreditedFen', Unit: 'Count' }] }]);
    expect(credited).toMatchObject({ service: METRICS_SERVICE, stage: 'prod', CreditedFen: 5000 });
    expect(Number.isInteger(credited!._aws.Timestamp)).toBe(true);
    expect(oldest!._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'OldestRefundRequestWaitingSeconds', Unit: 'Seconds' }]);
    expect(oldest!.OldestRefundRequestWaitingSeconds).toBe(90_000);
  });

  it('takes integers only (money is fen), and names only the declared metrics', () => {
    const metrics = emfMetrics('prod');
    expect(() => metrics.add('CreditedFen', 12.5)).toThrow(/integer/);
    expect(Object.keys(BUSINESS_METRICS)).toEqual([
      'PushesAccepted', 'PushesRejected', 'ReadingsBilled', 'ReadingsQuarantined', 'CreditedFen', 'RefundedFen',
      'CommandsPending', 'CommandsExpired', 'NotificationsSent', 'NotificationsFailed', 'RefundRequestsWaiting', 'OldestRefundRequestWaitingSeconds',
    ]);
  });
});
