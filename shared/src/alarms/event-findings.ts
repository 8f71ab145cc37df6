/**
 * Findings for the event-driven kinds, built where the event happens (the
 * command sweeper, the webhook that refused a frame) rather than by
 * `evaluateMeterAlarms`, which only sees a meter's state.
 */
import type { AlarmFinding, AlarmSeverity } from './kinds';
import type { AlarmUtility } from './input';

/** A remote command's action (CONTRACT.md `GET /v1/admin/meters/{meterId}/commands`). */
export type AlarmCommandAction = 'cut' | 'restore' | 'keep_on' | 'keep_off' | 'purchase' | 'set_params';

/** The command that expired before the meter confirmed it. */
export interface AlarmExpiredCommand {
  readonly id: string;
  readonly action: AlarmCommandAction;
  readonly createdAt: Date;
  /** How many times it was sent, when known. */
  readonly attempts?: number;
}

const ACTION_LABELS: Readonly<Record<AlarmUtility, Readonly<Record<AlarmCommandAction, string>>>> = {
  electricity: { cut: '断电', restore: '复电', keep_on: '保电', keep_off: '取消保电', purchase: '购电', set_params: '参数设置' },
  water: { cut: '关阀', restore: '开阀', keep_on: '保持供水', keep_off: '取消保持供水', purchase: '购水', set_params: '参数设置' },
};

/**
 * `command_expired`: a command the meter never confirmed. A `restore` that
 * expired is critical (a tenant who paid has no supply); any other is a
 * warning (a `cut` that expired lets arrears grow, but nobody is without supply).
 *
 * @example commandExpiredFinding({ id: 'c1', action: 'restore', createdAt }, 'water').message // '开阀指令已过期，表计未执行'
 */
export function commandExpiredFinding(command: AlarmExpiredCommand, utility: AlarmUtility): AlarmFinding {
  const createdAtMs = command.createdAt instanceof Date ? command.createdAt.getTime() : Number.NaN;
  if (Number.isNaN(createdAtMs)) throw new RangeError('command.createdAt must be a valid Date');
  const { attempts } = command;
  const label = ACTION_LABELS[utility]?.[command.action];
  if (label === undefined) throw new RangeError(`Unknown utility or command action: ${String(utility)} / ${String(command.action)}`);
  return {
    kind: 'command_expired',
    severity: command.action === 'restore' ? 'critical' : 'warning',
    message: `${label}指令已过期，表计未执行`,
    details: {
      commandId: command.id,
      action: command.action,
      createdAt: new Date(createdAtMs).toISOString(),
      ...(attempts !== undefined && Number.isSafeInteger(attempts) ? { attempts } : {}),
    },
  };
}

/** Where and when a refused frame or reading came in. */
export interface AlarmRejectedFrameContext {
  readonly at?: Date;
  /** The IoT platform that delivered it (`ctwing`, `onenet`, `iotda`, `simulator`). */
  readonly platform?: string;
  /** The codec's own message, kept (cleaned, at most 200 characters) for whoever investigates. */
  readonly detail?: string;
}

const REASON_LABELS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    truncated: '报文不完整',
    bad_length: '报文长度错误',
    bad_start: '报文格式错误',
    bad_end: '报文格式错误',
    bad_checksum: '校验和错误',
    invalid_bcd: '数据编码错误',
    address_mismatch: '表地址不符',
    unsupported: '不支持的报文',
    incomplete: '数据不完整',
    inconsistent: '数据前后矛盾',
    invalid_payload: '数据格式错误',
    negative: '读数倒退',
    implausible_jump: '读数异常跳变',
    out_of_range: '读数超出量程',
    time_out_of_range: '读数时间不可信',
    before_tenancy: '租期开始前的读数',
    interval_too_long: '两次读数间隔过长',
    no_tariff: '该时段没有生效的费率',
  }),
);

/** Reasons that point at a wrong or tampered meter rather than at a noisy radio link. */
const SUSPICIOUS_REASONS: ReadonlySet<string> = new Set(['address_mismatch', 'negative', 'implausible_jump', 'out_of_range', 'time_out_of_range']);
const MAX_REASON_CHARS = 60;
const MAX_DETAIL_CHARS = 200;

/**
 * `rejected_frame`: a frame the codecs refused (a `CodecError` reason, with or
 * without its `codec.` prefix) or a reading the validation quarantined (an
 * `AnomalyReason`). A garbled frame is `info` (radio links garble frames);
 * a frame from another address or a register going backwards or jumping is a
 * `warning` (a swapped, broken or tampered meter). Unknown reasons are shown
 * as given, stripped of control characters and cut to 60 characters.
 */
export function rejectedFrameFinding(reason: string, context: AlarmRejectedFrameContext = {}): AlarmFinding {
  const cleaned = cleanReason(reason);
  const severity: AlarmSeverity = SUSPICIOUS_REASONS.has(cleaned) ? 'warning' : 'info';
  const atMs = context.at instanceof Date ? context.at.getTime() : Number.NaN;
  return {
    kind: 'rejected_frame',
    severity,
    message: `上报数据被拒收：${REASON_LABELS.get(cleaned) ?? cleaned}`,
    details: {
      reason: cleaned,
      ...(Number.isNaN(atMs) ? {} : { at: new Date(atMs).toISOString() }),
      ...(context.platform === undefined ? {} : { platform: clean(context.platform, MAX_REASON_CHARS) }),
      ...(context.detail === undefined ? {} : { detail: clean(context.detail, MAX_DETAIL_CHARS) }),
    },
  };
}

function cleanReason(text: string): string {
  const printable = clean(text, Number.MAX_SAFE_INTEGER);
  const bare = printable.startsWith('codec.') ? printable.slice('codec.'.length) : printable;
  return bare === '' ? 'unknown' : clean(bare, MAX_REASON_CHARS);
}

/** Without control characters or surrounding space, at most `maxChars` code points. */
function clean(text: string, maxChars: number): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const printable = String(text).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return Array.from(printable).slice(0, maxChars).join('');
}
