import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * A tenant's openid as logs may show it: enough to tell two apart in one
 * investigation (first 4 and last 4 characters), never enough to message
 * them or to look them up elsewhere.
 */
export const maskOpenid = (openid: string): string => (openid.length <= 10 ? '…' : `${openid.slice(0, 4)}…${openid.slice(-4)}`);

/** A phone as the tenant's own screen shows it (138****8000). */
export const maskPhone = (phone: string): string => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****');

/** Fields that name a tenant: masked wherever they appear (at the top or one level down). */
const PERSON_FIELDS = ['openid', 'to', 'touser', 'tenant', 'actor'];
/** Fields that hold a credential: never logged. */
const SECRET_FIELDS = ['secret', 'token', 'authorization', 'password', 'apiKey', 'accessToken', 'sessionKey', 'sealedSecret', 'signature'];

const REDACT_PATHS = [...PERSON_FIELDS, 'phone', ...SECRET_FIELDS].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]).concat(['headers["x-signature"]', 'headers["x-api-key"]', '*.headers["x-signature"]']);

/** What a redacted field becomes: a person's masked, a credential's gone. */
function censor(value: unknown, path: string[]): unknown {
  const field = path.at(-1) ?? '';
  if (typeof value !== 'string') return value === undefined || value === null ? value : '[redacted]';
  // An audit actor is `user:<openid>` or `key:<id>`: the kind stays readable, an openid is masked.
  if (field === 'actor') return value.startsWith('user:') ? `user:${maskOpenid(value.slice(5))}` : value;
  if (PERSON_FIELDS.includes(field)) return maskOpenid(value);
  if (field === 'phone') return maskPhone(value);
  return '[redacted]';
}

/**
 * Structured JSON logs (pino): one line per event, `requestId` (and, where
 * known, `meterId` and `outTradeNo`) bound on every line of a request by
 * `logger.child`. CloudWatch and local terminals read the same. No
 * credential and no full openid reaches a line: the fields that hold one are
 * redacted wherever they are logged (see `REDACT_PATHS`), and messages are
 * written with `maskOpenid`.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'prepaid-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor },
  };
  return destination ? pino(options, destination) : pino(options);
}
