import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * The business metrics, each with its CloudWatch unit; docs/deploy.md says
 * what each means and what to do when its alarm fires. Money is in fen (a
 * count, never a float).
 */
export const BUSINESS_METRICS = {
  /** A platform's push authenticated and queued (or processed). */
  PushesAccepted: MetricUnit.Count,
  /** A push refused: bad token or signature, malformed, too large, replayed. */
  PushesRejected: MetricUnit.Count,
  /** A meter reading priced and debited. */
  ReadingsBilled: MetricUnit.Count,
  /** A reading kept aside unbilled (its time cannot be trusted). */
  ReadingsQuarantined: MetricUnit.Count,
  /** Money credited to wallets: WeChat Pay recharges and recorded cash or bank payments. */
  CreditedFen: MetricUnit.Count,
  /** Money taken from wallets for approved refunds (a WeChat refund that later fails is credited back and alarmed). */
  RefundedFen: MetricUnit.Count,
  /** Supply commands the dispatcher found due (sent again or expiring): a backlog when it grows. */
  CommandsPending: MetricUnit.Count,
  /** Supply commands that expired unanswered after a day of attempts. */
  CommandsExpired: MetricUnit.Count,
  NotificationsSent: MetricUnit.Count,
  NotificationsFailed: MetricUnit.Count,
  /** Refund requests waiting for a manager's decision (the refund sweep counts them). */
  RefundRequestsWaiting: MetricUnit.Count,
  /** How long the oldest of them has waited; alarmed past a day. */
  OldestRefundRequestWaitingSeconds: MetricUnit.Seconds,
} as const;

export type BusinessMetric = keyof typeof BUSINESS_METRICS;

export interface BusinessMetrics {
  /** Records `value` of `name` now (a line of its own: nothing is lost when the function fails afterwards). */
  add(name: BusinessMetric, value: number): void;
}

/** CloudWatch's namespace for them; the dimensions are the service and the stage. */
export const METRICS_NAMESPACE = 'PrepaidMeters';
export const METRICS_SERVICE = 'prepaid-api';

/**
 * CloudWatch embedded metric format through Powertools Metrics: each value is
 * a JSON line on stdout that CloudWatch Logs turns into a metric point (no
 * API call, no permission). Integers only: a metric about money is in fen.
 */
export function emfMetrics(stage: string): BusinessMetrics {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE, defaultDimensions: { stage } });
  return {
    add(name, value) {
      if (!Number.isSafeInteger(value)) throw new Error(`Metric ${name} takes an integer, not ${value}`);
      // A single metric is published as it is added: no flush to forget at the end of an invocation.
      metrics.singleMetric().addMetric(name, BUSINESS_METRICS[name], value);
    },
  };
}

/** Metrics kept in memory (in-process tests and scripts, which run in no Lambda): `seen` lists what was added. */
export function recordedMetrics(): BusinessMetrics & { readonly seen: { name: BusinessMetric; value: number }[]; total(name: BusinessMetric): number } {
  const seen: { name: BusinessMetric; value: number }[] = [];
  return {
    seen,
    add: (name, value) => {
      seen.push({ name, value });
    },
    total: (name) => seen.filter((entry) => entry.name === name).reduce((sum, entry) => sum + entry.value, 0),
  };
}
