import * as z from 'zod';
import { ALARM_KINDS, TENANT_ALARM_KINDS } from '../alarms/kinds';
import { FlatTariff, TieredTariff } from '../tariff/schema';
import { TouTariff } from '../tariff/tou-schema';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, NOTIFICATION_STATUSES, TENANT_NOTICE_KINDS } from '../notifications/kinds';
import { MODBUS_MODEL_IDS } from '../codecs/modbus/models';

/**
 * Request and response shapes of the public API (see ../shared/CONTRACT.md).
 * Handlers validate with these; the mini-program imports the inferred types.
 */

export const MeterId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must match [A-Za-z0-9_-]{1,40}');
export const Utility = z.enum(['electricity', 'water']);
export type Utility = z.infer<typeof Utility>;
export const Role = z.enum(['tenant', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;

export const HealthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  stage: z.string(),
  time: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const LoginRequest = z.strictObject({
  code: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  token: z.string(),
  openid: z.string(),
  roles: z.array(Role),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const MeResponse = z.object({
  openid: z.string(),
  roles: z.array(Role),
  name: z.string().nullable(),
  /** The buildings a manager acts on; null: every building (an admin). Absent for a tenant only. */
  buildings: z.array(z.string()).nullable().optional(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const Reading = z.object({
  value: z.number().int(),
  unit: z.enum(['Wh', 'L']),
  at: z.string(),
});
export type Reading = z.infer<typeof Reading>;

export const MeterView = z.object({
  id: MeterId,
  utility: Utility,
  balanceFen: z.number().int(),
  /** Below this balance the tenant is warned (and told once, when it is crossed). */
  lowBalanceFen: z.number().int(),
  /** Whole days the balance lasts at the meter's recent spending pace; null until about a day of usage is known. */
  daysLeft: z.number().int().nonnegative().nullable(),
  supply: z.enum(['on', 'off']),
  keepOn: z.boolean(),
  /** A manager's cut: no recharge restores the supply, only a manager. */
  hold: z.boolean(),
  /**
   * The cut or restore on its way, and when the meter should take it: a
   * sleeping NB-IoT meter takes it at its next report (an estimate).
   */
  pendingSupply: z.object({ action: z.enum(['cut', 'restore']), since: z.string(), expectedBy: z.string() }).nullable(),
  lastReading: Reading.nullable(),
  /** When the meter was last heard from. */
  lastReportAt: z.string().nullable(),
  online: z.boolean(),
  room: z.string().nullable(),
  /** The building's id, and its name as people call it (`幸福里公租房 A 栋`). */
  building: z.string().nullable(),
  buildingName: z.string().nullable().optional(),
  tariffName: z.string().nullable(),
  /** A circuit of a multi-circuit terminal: its number and what it feeds (照明, 空调…); absent for a meter of its own. */
  circuit: z.object({ number: z.int(), label: z.string().nullable() }).nullable().optional(),
});
export type MeterView = z.infer<typeof MeterView>;

/** `{"items":[…], "next": "<cursor>" | null}` */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.string().nullable() });
export interface List<T> {
  items: T[];
  next: string | null;
}

export const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string() }).loose(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** An instant with an explicit offset (`2026-11-21T08:00:00+08:00`). */
export const Instant = z.iso.datetime({ offset: true });
export const EntityId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must match [A-Za-z0-9_-]{1,64}');

/** Amounts in requests: a positive safe integer of fen (the upper limit is configuration, checked by the service). */
export const AmountFen = z.int().positive();
/** CONTRACT: an `Idempotency-Key` header is 1–128 printable (ASCII) characters. */
export const IdempotencyKey = z.string().regex(/^[\x20-\x7E]{1,128}$/, 'must be 1–128 printable characters');

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

const DAY_MS = 86_400_000;
/** A real calendar day, `YYYY-MM-DD` (Beijing). */
const isCalendarDay = (text: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
const monthIndex = (text: string): number => Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7)) - 1;

/** The most buckets one usage request may ask for, per granularity: a week of hours, a quarter of days, three years of months. */
export const USAGE_SPAN_LIMITS = { hour: 7, day: 92, month: 36 } as const;

/**
 * `granularity=hour&from=2026-12-01&to=2026-12-02`: the hours of Beijing days
 * `from`..`to`; `day` the days `from`..`to`; `month` the months `YYYY-MM`
 * `from`..`to`. Both ends inclusive; at most a week of hours, 92 days or 36 months.
 */
export const UsageQuery = z
  .strictObject({
    granularity: z.enum(['hour', 'day', 'month']),
    from: z.string().max(10),
    to: z.string().max(10),
  })
  .superRefine((query, context) => {
    const isMonth = (text: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
    const valid = query.granularity === 'month' ? isMonth : isCalendarDay;
    for (const field of ['from', 'to'] as const) {
      if (!valid(query[field])) context.addIssue({ code: 'custom', path: [field], message: query.granularity === 'month' ? 'must be a month, YYYY-MM' : 'must be a day, YYYY-MM-DD' });
    }
    if (!valid(query.from) || !valid(query.to)) return;
    const span =
      query.granularity === 'month'
        ? monthIndex(query.to) - monthIndex(query.from) + 1
        : (Date.parse(`${query.to}T00:00:00Z`) - Date.parse(`${query.from}T00:00:00Z`)) / DAY_MS + 1;
    if (span < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (span > USAGE_SPAN_LIMITS[query.granularity]) {
      context.addIssue({ code: 'custom', path: ['to'], message: `at most ${USAGE_SPAN_LIMITS[query.granularity]} ${query.granularity === 'month' ? 'months' : 'days'} a request` });
    }
  });
export type UsageQuery = z.infer<typeof UsageQuery>;

/** Consumption of one hour, day or month, from the usage aggregates the posting path keeps (never from raw readings). */
export const UsageBucket = z.object({
  /** `2026-12-01T08` (an hour, Beijing), `2026-12-01` (a day) or `2026-12` (a month). */
  start: z.string(),
  /** Base units: Wh or L. */
  quantity: z.int(),
  /** The exact cost rounded to the fen (half up), for charts; the ledger holds the money. */
  costFen: z.int(),
});

export const UsageView = z.object({
  meterId: z.string(),
  unit: z.enum(['Wh', 'L']),
  granularity: z.enum(['hour', 'day', 'month']),
  /** Every bucket of the range, in order, zero where nothing was used. */
  buckets: z.array(UsageBucket),
  total: z.object({ quantity: z.int(), costFen: z.int() }),
});
export type UsageView = z.infer<typeof UsageView>;

/**
 * A tariff body (CONTRACT: flat, tiered or time-of-use, each strict) with a
 * request's own fields: the full shape, so the OpenAPI document shows it and
 * the route validates it. An invalid one answers 400 `tariff.invalid` (the
 * `x-error-code` the route's validation reads) naming the field.
 */
const tariffBody = <E extends z.ZodRawShape>(extras: E) =>
  z.discriminatedUnion('kind', [FlatTariff.extend(extras), TieredTariff.extend(extras), TouTariff.extend(extras)]).meta({ 'x-error-code': 'tariff.invalid' });

/** `POST /v1/admin/tariffs`: a tariff body plus optional id and start. */
export const CreateTariffRequest = tariffBody({ id: EntityId.optional(), effectiveFrom: Instant.optional() });
export type CreateTariffRequest = z.infer<typeof CreateTariffRequest>;

/** `POST /v1/admin/tariffs/{tariffId}/versions`: a new price from an instant on. */
export const TariffVersionRequest = tariffBody({ effectiveFrom: Instant });
export type TariffVersionRequest = z.infer<typeof TariffVersionRequest>;

export const CreateMeterRequest = z.strictObject({
  id: MeterId,
  utility: Utility,
  protocol: z.enum(['dlt645', 'cjt188', 'json', 'modbus']),
  address: z.string().regex(/^[0-9A-Fa-f]{1,14}$/, 'must be the meter’s communication address (hex/BCD digits; a Modbus slave number 1..247)'),
  /** `gateway`: the meter reports through one of our gateways, whose id is `deviceId`. */
  platform: z.enum(['ctwing', 'onenet', 'iotda', 'simulator', 'gateway']),
  deviceId: z.string().min(1).max(128),
  /** Its circuit on a multi-circuit terminal or multi-user meter (the device then holds several meters, found by address). */
  circuit: z.int().min(1).max(36).optional(),
  /** What the circuit feeds, e.g. 照明, 插座, 空调. */
  circuitLabel: z.string().min(1).max(16).optional(),
  /** A Modbus meter's register map (required for `modbus`). */
  model: z.enum(MODBUS_MODEL_IDS).optional(),
  /** `meter`: the meter keeps its own balance (表端计费) and is sent each credit as a numbered purchase; `platform` by default. */
  billing: z.enum(['platform', 'meter']).optional(),
  imei: z.string().regex(/^\d{15}$/, 'must be 15 digits').optional(),
  tariffId: EntityId,
  tariffEffectiveFrom: Instant.optional(),
  room: z.string().min(1).max(64).optional(),
  buildingId: EntityId.optional(),
  lowBalanceFen: z.int().nonnegative().max(10_000_000).optional(),
  keepOn: z.boolean().optional(),
  tenancyStart: Instant.optional(),
  maxPlausiblePerHour: z.int().positive().optional(),
});
export type CreateMeterRequest = z.infer<typeof CreateMeterRequest>;

export const AssignTariffRequest = z.strictObject({ tariffId: EntityId, effectiveFrom: Instant });

export const OfflinePaymentRequest = z.strictObject({
  amountFen: AmountFen,
  method: z.enum(['cash', 'bank_transfer']),
  reference: z.string().min(1).max(64).optional(),
});
export type OfflinePaymentRequest = z.infer<typeof OfflinePaymentRequest>;

export const PaymentResponse = z.object({ entryId: z.string(), balanceFen: z.int(), duplicate: z.boolean() });

const TouRegisters = z.partialRecord(z.enum(['sharp', 'peak', 'flat', 'valley', 'deepValley']), z.int().nonnegative());

/**
 * `POST /v1/admin/meters/{meterId}/readings`: a reading entered by hand (or by a tool), billed like a pushed one.
 * `registers` are the meter's cumulative per-period registers (Wh), as on its display.
 */
export const ManualReadingRequest = z.strictObject({
  value: z.int().nonnegative(),
  unit: z.enum(['Wh', 'L']),
  at: Instant,
  registers: TouRegisters.optional(),
});
export type ManualReadingRequest = z.infer<typeof ManualReadingRequest>;

export const ReadingView = z.object({
  /** When the meter took it (the time it carries). */
  at: z.string(),
  /** When it reached us: a stored reading sent in a burst arrives hours or days after it was taken. */
  receivedAt: z.string(),
  /** The time the meter claimed, when it could not be trusted (the reading is then filed under its arrival). */
  reportedAt: z.string().optional(),
  value: z.int(),
  unit: z.enum(['Wh', 'L']),
  status: z.enum(['baseline', 'billed', 'stale', 'duplicate', 'anomaly']),
  reason: z.string().optional(),
  quantity: z.int().optional(),
  chargeFen: z.int().optional(),
});
export type ReadingView = z.infer<typeof ReadingView>;

export const ReadingResult = ReadingView.extend({ duplicate: z.boolean(), balanceFen: z.int().nullable() });

export const AnomalyView = ReadingView.extend({ meterId: z.string() });

export const LedgerItemView = z.object({
  label: z.string(),
  quantity: z.int(),
  price: z.string(),
  costMicroFen: z.string(),
});

export const LedgerEntryView = z.object({
  id: z.string(),
  kind: z.enum(['recharge', 'charge', 'refund', 'adjustment', 'reversal']),
  amountFen: z.int(),
  balanceAfterFen: z.int(),
  at: z.string(),
  reason: z.string().optional(),
  method: z.string().optional(),
  reference: z.string().optional(),
  operator: z.string().optional(),
  quantity: z.int().optional(),
  readingAt: z.string().optional(),
  items: z.array(LedgerItemView).optional(),
});
export type LedgerEntryView = z.infer<typeof LedgerEntryView>;

export const TariffView = z.looseObject({
  id: z.string(),
  name: z.string(),
  utility: Utility,
  kind: z.enum(['flat', 'tiered', 'tou']),
  createdAt: z.string(),
  versions: z.array(z.looseObject({ effectiveFrom: z.string() })).optional(),
});

/** What a meter's QR code carries (`q=<code>`; CONTRACT: at most 32 characters, WeChat's limit for a scene). */
export const BindingRequest = z.strictObject({ scene: z.string().min(1).max(32) });
/** A meter's binding code as its QR code carries it, and the page the code opens. */
export const BindingCodeView = z.object({ scene: z.string(), page: z.string() });

/** `POST /v1/admin/meters/{meterId}/replacement`: the old meter's final reading is billed, the new one starts a baseline. */
export const MeterReplacementRequest = z.strictObject({
  unit: z.enum(['Wh', 'L']),
  oldFinal: z.strictObject({ value: z.int().nonnegative(), at: Instant }),
  newBaseline: z.strictObject({ value: z.int().nonnegative(), at: Instant }),
  newAddress: z.string().regex(/^[0-9A-Fa-f]{1,14}$/).optional(),
});
export type MeterReplacementRequest = z.infer<typeof MeterReplacementRequest>;

export const CommandView = z.object({
  id: z.string(),
  /** `purchase`: a credit sent to a meter that keeps its own balance (表端计费), numbered. */
  action: z.enum(['cut', 'restore', 'keep_on', 'keep_off', 'purchase', 'set_params']),
  purchase: z.object({ count: z.int(), amountFen: z.int() }).optional(),
  /** `set_params`: the remote parameters it sets (see `POST …/parameters`). */
  params: z.record(z.string(), z.unknown()).optional(),
  status: z.enum(['queued', 'sent', 'delivered', 'succeeded', 'failed', 'expired']),
  createdAt: z.string(),
  updatedAt: z.string(),
  requestedBy: z.string(),
  reason: z.string(),
  attempts: z.int(),
  expiresAt: z.string(),
  history: z.array(z.object({ status: z.string(), at: z.string(), detail: z.string().optional() })),
});
export type CommandView = z.infer<typeof CommandView>;

/** `POST /v1/admin/meters/{meterId}/commands`: a manual remote command, recorded with who sent it. */
export const ManualCommandRequest = z.strictObject({
  action: z.enum(['cut', 'restore', 'keep_on', 'keep_off']),
  reason: z.string().min(1).max(200),
});

export const AlarmView = z.object({
  meterId: z.string(),
  /** A gateway's own alarm (gateway_offline): the gateway and its building. */
  gatewayId: z.string().optional(),
  buildingId: z.string().optional(),
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** The first time it was raised. */
  raisedAt: z.string(),
  /** Repeats of one kind on one meter merge into one alarm: how many, and the last time (the details are the last ones). */
  count: z.int().positive(),
  lastSeenAt: z.string().optional(),
  status: z.enum(['open', 'acknowledged', 'cleared']),
  closedAt: z.string().optional(),
  closedBy: z.string().optional(),
  note: z.string().optional(),
});
/** `GET /v1/admin/alarms`: the inbox by status (open; acknowledged by a person; cleared when the condition went away), of one kind, of one building. */
export const AdminAlarmQuery = PageQuery.extend({
  status: z.enum(['open', 'acknowledged', 'cleared']).default('open'),
  kind: z.enum(ALARM_KINDS).optional(),
  buildingId: z.string().min(1).max(64).optional(),
});

/** `GET /v1/meters/{meterId}/alarms`: what is wrong with the tenant's meter now, in the tenant's terms (no operator details). */
export const TenantAlarmView = z.object({
  kind: z.enum(TENANT_ALARM_KINDS),
  severity: z.enum(['info', 'warning', 'critical']),
  /** Since when (the first time it was raised). */
  since: z.string(),
  /** The last time it was seen (a repeat merges into the open alarm). */
  lastSeenAt: z.string(),
  /** How many times it was seen while open. */
  count: z.int().positive(),
});
export type TenantAlarmView = z.infer<typeof TenantAlarmView>;

export const AcknowledgeAlarmRequest = z.strictObject({ note: z.string().max(200).optional() });

export const RechargeRequest = z.strictObject({ meterId: MeterId, amountFen: AmountFen });
export const RechargeResponse = z.object({
  outTradeNo: z.string(),
  payParams: z.object({ appId: z.string(), timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.literal('RSA'), paySign: z.string() }),
});
export const RechargeStatus = z.object({
  outTradeNo: z.string(),
  status: z.enum(['pending', 'paid', 'closed', 'failed']),
  amountFen: z.int(),
  meterId: z.string(),
  createdAt: z.string(),
  paidAt: z.string().optional(),
});

export const RefundRequestBody = z.strictObject({ meterId: MeterId, amountFen: AmountFen, reason: z.string().min(1).max(200) });
export const RefundDecisionApprove = z.strictObject({ method: z.enum(['wechat', 'cash']), note: z.string().max(200).optional() });
export const RefundDecisionReject = z.strictObject({ reason: z.string().min(1).max(200) });
export const RefundStatus = z.enum(['pending', 'deciding', 'rejected', 'refunding', 'refunded', 'failed']);
export const RefundRequestView = z.looseObject({
  id: z.string(),
  meterId: z.string(),
  amountFen: z.int(),
  reason: z.string(),
  status: RefundStatus,
  createdAt: z.string(),
  /** What was refunded when approved: the amount asked for, or less when less was left on the wallet. */
  approvedFen: z.int().optional(),
  /** A move-out's settlement: when the tenant moved out (refunded to WeChat payments made before then; the meter takes no new tenant until it is decided). */
  settlementOf: z.string().optional(),
  /** Who filed it: the tenant (`user:<openid>`) or a member of staff on their behalf (staff views only). */
  requestedBy: z.string().optional(),
});
export const RefundListQuery = PageQuery.extend({ status: RefundStatus.default('pending') });

/** `POST /v1/admin/meters/{meterId}/adjustments`: a correction (充抵) with a reason, or the reversal of one entry. */
export const AdjustmentRequest = z.strictObject({
  amountFen: z.int().refine((value) => value !== 0, 'must not be 0'),
  reason: z.string().min(1).max(200),
  reversesEntryId: z.string().min(1).max(64).optional(),
});

/** One notification record (CONTRACT: notifications). `pending`: the channel has not answered yet. */
export const NotificationView = z.object({
  id: z.string(),
  meterId: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  channel: z.enum(NOTIFICATION_CHANNELS),
  to: z.string().nullable(),
  status: z.enum([...NOTIFICATION_STATUSES, 'pending']),
  at: z.string(),
  /** The message as one line of text. */
  text: z.string(),
  /** Why a channel failed or was passed over. */
  detail: z.string().optional(),
});

/** `GET /v1/admin/notifications?meterId=`: one meter's records, newest first. */
export const NotificationListQuery = PageQuery.extend({ meterId: MeterId });

/** A mainland China mobile number, 11 digits. */
export const PhoneNumber = z.string().regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number');

/** A tenant's subscriptions: per kind, the template to ask for and the messages it may still receive; the phone SMS goes to, masked. */
export const SubscriptionsView = z.object({
  items: z.array(z.object({ kind: z.enum(NOTIFICATION_KINDS), templateId: z.string().nullable(), remaining: z.int().nonnegative() })),
  phone: z.string().nullable(),
});

/** What `wx.requestSubscribeMessage` answered, passed on as it came: `{<templateId>: 'accept' | 'reject' | 'ban' | 'filter'}` (≤ 3 a call; 5 kinds at most). */
export const SubscriptionResultRequest = z.strictObject({
  results: z
    .record(z.string().min(1).max(64), z.enum(['accept', 'reject', 'ban', 'filter']))
    .refine((results) => Object.keys(results).length >= 1 && Object.keys(results).length <= TENANT_NOTICE_KINDS.length, `must name 1 to ${TENANT_NOTICE_KINDS.length} templates`),
});

/** `POST /v1/me/phone`: where SMS goes when WeChat cannot be used; null forgets it. */
export const PhoneRequest = z.strictObject({ phone: PhoneNumber.nullable() });

/** `GET /v1/admin/meters/{meterId}/qrcode?width=`: the printed code's size in pixels (WeChat draws 280–1280). */
export const QrCodeQuery = z.strictObject({ width: z.coerce.number().int().min(280).max(1280).default(430) });

const PriceString = z.string();
/** `GET /v1/meters/{meterId}/usage/insights`: the month so far and its forecast, last month's price, tier progress or time-of-use split, tips. Quantities in base units. */
export const UsageInsightsView = z.object({
  meterId: z.string(),
  unit: z.enum(['Wh', 'L']),
  thisMonth: z.object({ month: z.string(), quantity: z.int(), costFen: z.int() }),
  lastMonth: z.object({ month: z.string(), quantity: z.int(), costFen: z.int(), averagePrice: PriceString.nullable() }),
  forecast: z.object({ quantity: z.int(), costFen: z.int() }).nullable(),
  tier: z
    .object({
      cycle: z.enum(['month', 'year']),
      used: z.int(),
      current: z.int(),
      tiers: z.array(z.object({ upTo: z.int().nullable(), price: PriceString })),
      toNext: z.int().nullable(),
    })
    .nullable(),
  tou: z.object({ month: z.string(), periods: z.array(z.object({ period: z.string(), quantity: z.int(), price: PriceString })) }).nullable(),
  tips: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('night_flow'), nights: z.int(), litresPerNight: z.int() }),
      z.object({ kind: z.literal('above_usual'), forecastQuantity: z.int(), usualQuantity: z.int(), percentAbove: z.int() }),
      z.object({ kind: z.literal('standby'), watts: z.int(), kwhPerMonth: z.int() }),
    ]),
  ),
});
export type UsageInsightsView = z.infer<typeof UsageInsightsView>;

/**
 * One line of a tenant's records: a day's charges summed (`charges`), or one
 * recharge, refund, adjustment or reversal, newest first, each with the
 * balance after it (the running balance).
 */
export const RecordView = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('charges'),
    /** The Beijing day the charges were posted. */
    day: z.string(),
    /** How many charges (readings billed) the day summed. */
    count: z.int(),
    quantity: z.int(),
    /** Their sum (negative: a debit). */
    amountFen: z.int(),
    /** The balance after the day's last charge. */
    balanceAfterFen: z.int(),
    from: z.string(),
    to: z.string(),
  }),
  z.object({
    kind: z.enum(['recharge', 'refund', 'adjustment', 'reversal']),
    entryId: z.string(),
    amountFen: z.int(),
    balanceAfterFen: z.int(),
    at: z.string(),
    method: z.string().optional(),
    reason: z.string().optional(),
  }),
]);
export type RecordView = z.infer<typeof RecordView>;

/** A refund request as its tenant sees it (no staff identities). */
export const TenantRefundView = z.object({
  ...RefundRequestView.omit({ requestedBy: true, settlementOf: true }).shape,
  decidedAt: z.string().optional(),
  /** Why it was rejected. */
  decisionNote: z.string().optional(),
});
export const TenantRefundList = listOf(TenantRefundView).extend({
  /** What may still be asked for: the balance less the requests pending. */
  refundableFen: z.int().nonnegative(),
});

/** `POST /v1/admin/invitations` (admin): who the invitation makes of whoever redeems it. */
export const InvitationRequest = z
  .strictObject({
    role: z.enum(['manager', 'admin']),
    /** A manager's buildings (1–50, each existing); an admin's invitation names none. */
    buildings: z.array(EntityId).min(1).max(50).optional(),
    /** How long the code works: 1 hour to 30 days, 72 hours unless given. */
    expiresInHours: z.int().min(1).max(720).optional(),
    /** Who it is for, as the admin knows them (shown in the audit log). */
    note: z.string().min(1).max(100).optional(),
  })
  .refine((body) => (body.role === 'manager') === (body.buildings !== undefined), { message: 'a manager invitation names its buildings; an admin invitation names none', path: ['buildings'] });
export type InvitationRequest = z.infer<typeof InvitationRequest>;

export const InvitationView = z.object({
  /** The code to hand over (shown once: only its hash is stored). */
  code: z.string(),
  role: z.enum(['manager', 'admin']),
  buildings: z.array(z.string()),
  expiresAt: z.string(),
});

/** `POST /v1/me/invitations`: the code an admin handed over. */
export const RedeemInvitationRequest = z.strictObject({ code: z.string().min(1).max(64) });

/** `POST /v1/admin/api-keys` (admin): a key for a third party, with a role and (a manager's) buildings. */
export const ApiKeyRequest = z
  .strictObject({
    /** Who it is for, as the admin knows them (an accounting system, a housing authority's platform). */
    name: z.string().min(1).max(64),
    role: z.enum(['manager', 'admin']),
    /** A manager key's buildings (1–50, each existing); an admin key names none. */
    buildings: z.array(EntityId).min(1).max(50).optional(),
  })
  .refine((body) => (body.role === 'manager') === (body.buildings !== undefined), { message: 'a manager key names its buildings; an admin key names none', path: ['buildings'] });
export type ApiKeyRequest = z.infer<typeof ApiKeyRequest>;

/** A new key: the secret is in this answer only. */
export const ApiKeyCreated = z.object({ keyId: z.string(), secret: z.string(), name: z.string(), role: z.enum(['manager', 'admin']), buildings: z.array(z.string()) });

/** A key on the list: never its secret; a fingerprint (the first hex digits of its SHA-256) tells keys apart. */
export const ApiKeyView = z.object({
  keyId: z.string(),
  name: z.string(),
  role: z.enum(['manager', 'admin']),
  buildings: z.array(z.string()),
  fingerprint: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().optional(),
});

/** A member of staff as others see them: the operator id their actions carry, and their name. */
export const StaffMemberView = z.object({
  actor: z.string(),
  /** As the invitation's note gave it (null when none was given). */
  name: z.string().nullable(),
  role: z.enum(['manager', 'admin']),
  buildings: z.array(z.string()),
});

/** One staff action, as the audit log keeps it: who, what, when, before and after. Nothing edits it. */
export const AuditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  /** `user:<openid>` or `key:<keyId>`. */
  actor: z.string(),
  /** What was done: the route (`POST /v1/admin/meters/{meterId}/commands`) or a named action. */
  action: z.string(),
  meterId: z.string().nullable(),
  buildingId: z.string().nullable(),
  /** What the request asked (its path parameters and body). */
  request: z.record(z.string(), z.unknown()),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  status: z.int(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditQuery = PageQuery.extend({
  /** One building's actions (a manager of several buildings names one). */
  buildingId: EntityId.optional(),
  meterId: MeterId.optional(),
});

/** The states a manager filters meters on. */
export const METER_FILTERS = ['low_balance', 'arrears', 'cut', 'keep_on', 'offline', 'alarm'] as const;
export const MeterFilter = z.enum(METER_FILTERS);
export type MeterFilter = z.infer<typeof MeterFilter>;

/** A meter as staff see it in a list: the tenant's view and the kinds of its open alarms. */
export const AdminMeterView = MeterView.extend({ openAlarms: z.array(z.string()) });
export type AdminMeterView = z.infer<typeof AdminMeterView>;

/** `GET /v1/admin/meters`: the caller's meters, in id order; `cursor` is the last id of the previous page. */
export const MeterListQuery = z.strictObject({
  buildingId: EntityId.optional(),
  filter: MeterFilter.optional(),
  /** A part of the meter id or the room, any case. */
  q: z.string().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: MeterId.optional(),
});

export const OverviewQuery = z.strictObject({ buildingId: EntityId.optional() });

export const BuildingOverview = z.object({
  id: z.string(),
  name: z.string(),
  meters: z.int(),
  /** Balance above 0 and at or below the meter's warning line. */
  lowBalance: z.int(),
  /** Balance at or below 0. */
  arrears: z.int(),
  cut: z.int(),
  keepOn: z.int(),
  offline: z.int(),
  /** Meters with at least one open alarm, and the open alarms in all. */
  withAlarms: z.int(),
  openAlarms: z.int(),
  /** Today (Beijing): money in and out, and what was used. */
  today: z.object({
    rechargeCount: z.int(),
    rechargeFen: z.int(),
    refundCount: z.int(),
    refundFen: z.int(),
    electricityWh: z.int(),
    waterL: z.int(),
    consumptionFen: z.int(),
  }),
});
export const EstateOverview = z.object({ day: z.string(), buildings: z.array(BuildingOverview) });
export type EstateOverview = z.infer<typeof EstateOverview>;

export const MeterAlarmsQuery = PageQuery.extend({ status: z.enum(['open', 'closed']).default('open') });

export const MeterTenantView = z.object({ openid: z.string(), boundAt: z.string().nullable() });

/**
 * `GET /v1/admin/meters/{meterId}/device`: the device a meter is on and every
 * meter on it the caller may see — the circuits of a dormitory terminal or a
 * multi-user meter (one NB-IoT device, one IMEI), or the meters on a
 * gateway's bus — in circuit order, then by address.
 */
export const MeterDeviceView = z.object({
  platform: z.enum(['ctwing', 'onenet', 'iotda', 'simulator', 'gateway']),
  deviceId: z.string(),
  imei: z.string().nullable(),
  /** Several meters on the one device (else it is this meter alone). */
  multiPoint: z.boolean(),
  /** The gateway's id when the device is one of our gateways (its page: 管理 → 网关与终端). */
  gatewayId: z.string().nullable(),
  meters: z.array(AdminMeterView.extend({ address: z.string() })),
});
export type MeterDeviceView = z.infer<typeof MeterDeviceView>;

/** `POST /v1/admin/buildings/{buildingId}/mass-actions`: keep a whole building on until an end time (a second member of staff approves). */
export const MassActionRequest = z.strictObject({
  action: z.literal('keep_on'),
  /** When it ends by itself: 10 minutes to 31 days from now. */
  until: Instant,
  reason: z.string().min(1).max(200),
});
export type MassActionRequest = z.infer<typeof MassActionRequest>;

export const MassActionView = z.object({
  id: z.string(),
  buildingId: z.string(),
  action: z.literal('keep_on'),
  reason: z.string(),
  until: z.string(),
  status: z.enum(['awaiting_approval', 'active', 'ended', 'rejected']),
  requestedBy: z.string(),
  createdAt: z.string(),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  note: z.string().optional(),
  /** The meters it put on keep-on (and takes off it at the end). */
  applied: z.array(z.string()),
  endedAt: z.string().optional(),
});

export const MassDecisionRequest = z.strictObject({ note: z.string().min(1).max(200).optional() });
export const MassRejectRequest = z.strictObject({ note: z.string().min(1).max(200) });

/** `POST /v1/admin/meters/{meterId}/move-out`: settle the tenancy at a final reading (entered, else the last reported). */
export const MoveOutRequest = z.strictObject({
  finalReading: ManualReadingRequest.pick({ value: true, unit: true, at: true }).optional(),
  note: z.string().min(1).max(200).optional(),
});
export type MoveOutRequest = z.infer<typeof MoveOutRequest>;

export const MoveOutView = z.object({
  meterId: z.string(),
  /** The reading the tenancy was settled at (null: the meter never reported). */
  finalReading: z.object({ value: z.int(), unit: z.enum(['Wh', 'L']), at: z.string() }).nullable(),
  /** The balance once that reading was billed. */
  balanceFen: z.int(),
  /** What is owed back: a refund request for it, waiting for another member of staff to approve (to WeChat where possible, else cash). */
  refundRequest: z.object({ id: z.string(), amountFen: z.int() }).nullable(),
  /** What the tenant still owes (a negative balance), to collect. */
  owedFen: z.int(),
  /** The tenants unbound. */
  unbound: z.array(z.string()),
  /** The meter's new QR scene: the old sticker no longer binds. */
  scene: z.string(),
});

/** `POST /v1/admin/meters/{meterId}/move-in`: a new tenancy from `at` (default now), optionally with an opening credit. */
export const MoveInRequest = z.strictObject({
  at: Instant.optional(),
  openingCreditFen: AmountFen.optional(),
  note: z.string().min(1).max(200).optional(),
});
export type MoveInRequest = z.infer<typeof MoveInRequest>;

export const MoveInView = z.object({ meterId: z.string(), tenancyStart: z.string(), balanceFen: z.int(), scene: z.string() });

/** `GET /v1/admin/buildings/{buildingId}/qrcodes`: a page of the building's meters with their QR codes, to print as a sheet. */
export const QrSheetQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(24),
  cursor: MeterId.optional(),
  width: z.coerce.number().int().min(280).max(1280).default(280),
});

export const QrSheetItem = z.object({
  meterId: z.string(),
  room: z.string().nullable(),
  utility: Utility,
  scene: z.string(),
  /** The QR code as a PNG, base64 (a `data:image/png;base64,` URL away from an image). */
  png: z.string(),
});

/** A span of Beijing days, `from`..`to` inclusive, both real days, `from` first, at most `maxDays` long. */
const daySpan = (maxDays: number) => (query: { from: string; to: string }, context: z.RefinementCtx) => {
  for (const field of ['from', 'to'] as const) {
    if (!isCalendarDay(query[field])) context.addIssue({ code: 'custom', path: [field], message: 'must be a day, YYYY-MM-DD' });
  }
  if (!isCalendarDay(query.from) || !isCalendarDay(query.to)) return;
  const span = (Date.parse(`${query.to}T00:00:00Z`) - Date.parse(`${query.from}T00:00:00Z`)) / DAY_MS + 1;
  if (span < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  else if (span > maxDays) context.addIssue({ code: 'custom', path: ['to'], message: `at most ${maxDays} days` });
};

/** The longest span statistics (and exports) take at once, by grain: a year by day, two years by month, ten by year. */
export const STATISTICS_SPAN_DAYS = { day: 366, month: 731, year: 3_660 } as const;

/**
 * `GET /v1/admin/statistics?from=2026-01-01&to=2026-12-31&grain=month&buildingId=`:
 * the Beijing days `from`..`to` (inclusive), by period of `grain` (a month
 * or year at either end counts only the days asked for).
 */
export const StatisticsQuery = z
  .strictObject({
    from: z.string().max(10),
    to: z.string().max(10),
    grain: z.enum(['day', 'month', 'year']).default('day'),
    buildingId: EntityId.optional(),
  })
  .superRefine((query, context) => daySpan(STATISTICS_SPAN_DAYS[query.grain])(query, context));
export type StatisticsQuery = z.infer<typeof StatisticsQuery>;

const CountFen = z.object({ count: z.int(), fen: z.int() });
/** What one period (or the whole span, or one building) adds up to. Fen are magnitudes (a refund of 5 yuan is 500); quantities base units. */
export const StatisticsFigures = z.object({
  /** Money in, by channel: WeChat Pay, cash, bank transfer. */
  recharge: CountFen.extend({ byChannel: z.object({ wechat: CountFen, cash: CountFen, bank_transfer: CountFen }) }),
  /** Money back to tenants, by how it was paid out. */
  refund: CountFen.extend({ byMethod: z.object({ wechat: CountFen, cash: CountFen }) }),
  /** Manual corrections (signed) and refunds WeChat failed (money back on the wallet). */
  adjustment: CountFen,
  reversal: CountFen,
  /** Billed consumption: quantity (Wh or L) and the charges (fen), by utility. */
  consumption: z.object({
    electricity: z.object({ quantity: z.int(), fen: z.int(), charges: z.int() }),
    water: z.object({ quantity: z.int(), fen: z.int(), charges: z.int() }),
  }),
  /** Recharges − refunds + reversals (refunds WeChat failed, back on the wallet): what the period brought in. */
  netIncomeFen: z.int(),
});
export type StatisticsFigures = z.infer<typeof StatisticsFigures>;

export const StatisticsView = z.object({
  grain: z.enum(['day', 'month', 'year']),
  from: z.string(),
  to: z.string(),
  totals: StatisticsFigures,
  /** Every period of the span, in order (empty ones as zeros): `2026-12-01`, `2026-12` or `2026`. */
  series: z.array(StatisticsFigures.extend({ period: z.string() })),
  buildings: z.array(StatisticsFigures.extend({ buildingId: z.string(), name: z.string() })),
});
export type StatisticsView = z.infer<typeof StatisticsView>;

/** `GET /v1/admin/statistics/income?from&to&buildingId&kind&limit&cursor`: the money entries of a span, with who recorded them. */
export const IncomeQuery = z
  .strictObject({
    from: z.string().max(10),
    to: z.string().max(10),
    buildingId: EntityId.optional(),
    kind: z.enum(['recharge', 'refund', 'adjustment', 'reversal']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(1024).optional(),
  })
  .superRefine(daySpan(STATISTICS_SPAN_DAYS.day));
export type IncomeQuery = z.infer<typeof IncomeQuery>;

export const IncomeItem = z.object({
  entryId: z.string(),
  at: z.string(),
  buildingId: z.string(),
  meterId: z.string(),
  room: z.string().nullable(),
  kind: z.enum(['recharge', 'refund', 'adjustment', 'reversal']),
  /** `wechat_pay`, `cash`, `bank_transfer` (recharges), `wechat`, `cash` (refunds). */
  method: z.string().nullable(),
  /** Signed, as in the ledger: a refund is negative. */
  amountFen: z.int(),
  /** Who: `user:<openid>` (staff), `wechat:<openid>` (the tenant paying), `key:<id>` (an API key), `system`. */
  operator: z.string().nullable(),
  reason: z.string().nullable(),
  reference: z.string().nullable(),
});
export type IncomeItem = z.infer<typeof IncomeItem>;

export const EXPORT_KINDS = ['ledger', 'recharges', 'consumption', 'alarms'] as const;

/** `POST /v1/admin/exports` (CONTRACT): one kind of records of a span of Beijing days, in the caller's scope, as a file. */
export const ExportRequest = z
  .strictObject({
    kind: z.enum(EXPORT_KINDS),
    from: z.string().max(10),
    to: z.string().max(10),
    buildingId: EntityId.optional(),
    format: z.enum(['xlsx', 'csv']),
  })
  .superRefine(daySpan(STATISTICS_SPAN_DAYS.day));
export type ExportRequest = z.infer<typeof ExportRequest>;

export const ExportView = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  kind: z.enum(EXPORT_KINDS),
  format: z.enum(['xlsx', 'csv']),
  from: z.string(),
  to: z.string(),
  buildingId: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Rows written (without the header and the totals row). */
  rows: z.int().optional(),
  /** A signed link to the file, valid for a while (done only). */
  url: z.string().optional(),
  /** Sum of the file's amount column, fen (ledger, recharges and consumption). */
  totalFen: z.int().optional(),
  error: z.string().optional(),
});
export type ExportView = z.infer<typeof ExportView>;
export const ExportAccepted = z.object({ id: z.string() });
