import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (pino): one line per event, `requestId` bound on every
 * line of a request by `logger.child`. CloudWatch and local terminals read the same.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'prepaid-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
