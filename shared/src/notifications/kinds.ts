/**
 * What tenants (and managers) are told, and how (CONTRACT: notifications).
 * Pure: which notices a change of a meter's alarms gives, and how a notice
 * reads as a WeChat subscription message or an SMS, within their limits.
 */

/** Every notification kind of the contract, in the order a settings page lists them. */
export const NOTIFICATION_KINDS = ['low_balance', 'supply_cut', 'supply_restored', 'recharge_credited', 'refund_decided', 'alarm'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The kinds a tenant subscribes to (one WeChat template each); `alarm` goes to managers. */
export const TENANT_NOTICE_KINDS = ['low_balance', 'supply_cut', 'supply_restored', 'recharge_credited', 'refund_decided'] as const satisfies readonly NotificationKind[];
export type TenantNoticeKind = (typeof TENANT_NOTICE_KINDS)[number];

export const NOTIFICATION_CHANNELS = ['wechat', 'sms', 'none'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const NOTIFICATION_STATUSES = ['sent', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** The facts a notice carries; amounts in fen, instants ISO 8601. */
export interface NoticeFacts {
  /** What the tenant calls the meter: its room and utility (e.g. `3-301 电表`). */
  readonly meterLabel: string;
  readonly at: string;
  readonly balanceFen?: number;
  readonly daysRemaining?: number;
  readonly amountFen?: number;
  /** A refund decision. */
  readonly approved?: boolean;
  readonly reason?: string;
  /** A manager's alarm: its kind and the alarm's own words. */
  readonly alarmKind?: string;
  readonly alarmText?: string;
  /** Why the supply stopped, when it was not the balance (a circuit tripped for a forbidden appliance). */
  readonly tip?: string;
}

/**
 * The alarms a building's managers are told of when they open: what needs a
 * person (a silent or faulty meter, a battery, a surge, a leak, a rejected
 * frame, a command that never arrived). Money and supply alarms are the
 * tenant's to hear; managers see them in the overview, not one message each.
 */
export const MANAGER_ALARM_KINDS = ['communication_lost', 'meter_fault', 'low_battery', 'usage_surge', 'night_flow', 'rejected_frame', 'command_expired', 'circuit_trip', 'gateway_offline', 'purchase_mismatch', 'params_mismatch'] as const;

/**
 * One thing to tell the people of a meter. `dedupe` names the occurrence
 * (e.g. `low_balance:<when the alarm was raised>`): however many paths or
 * retries ask, one occurrence is told once per recipient.
 */
export interface NoticeIntent {
  readonly kind: NotificationKind;
  readonly dedupe: string;
  readonly facts: Omit<NoticeFacts, 'meterLabel'>;
}
