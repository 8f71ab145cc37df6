import { Tracer } from '@aws-lambda-powertools/tracer';
import { traceWith } from './tracing';

/**
 * Imported (for this effect) by the handler modules of the money paths:
 * recharges and WeChat Pay's notifications, refunds, payments and
 * adjustments, reconciliation, move-out, the push consumer and the react
 * function. Where tracing is on (POWERTOOLS_TRACE_ENABLED=true), Powertools
 * Tracer records every AWS SDK call of the clients given to `traced` and
 * every outgoing HTTPS call (WeChat Pay, the IoT platforms) as subsegments
 * of the invocation's X-Ray trace.
 */
if (process.env.POWERTOOLS_TRACE_ENABLED === 'true') {
  const tracer = new Tracer({ serviceName: 'prepaid-api' });
  traceWith((client) => tracer.captureAWSv3Client(client));
}
