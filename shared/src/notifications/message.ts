import { formatFenAsYuan } from '../money/format';
import { SHANGHAI_OFFSET_MS } from '../tariff/shanghai-time';
import type { NoticeFacts, NotificationKind } from './kinds';

/**
 * The value types of WeChat subscription templates we use and their limits
 * (PROTOCOLS: `thing` ≤ 20 characters, `amount` a number with optional 元,
 * `time` 24-hour, `phrase` ≤ 5 Chinese characters). A value over a limit
 * makes WeChat refuse the message (47003), so every value is cut to fit here.
 */
export type TemplateValueType = 'thing' | 'amount' | 'time' | 'phrase';

export const TEMPLATE_VALUE_LIMITS: Readonly<Record<TemplateValueType, number>> = { thing: 20, amount: 32, time: 32, phrase: 5 };

/** The data of a subscription message: `{thing1:{value:'…'}, amount2:{value:'12.34元'}}`. */
export type TemplateData = Record<string, { value: string }>;

/** One message, ready for either channel. */
export interface RenderedNotice {
  /** `subscribeMessage.send` data, field names as in the template (thing1, amount2, …). */
  readonly wechat: TemplateData;
  /** SMS template parameters, in the order of the template's {1}, {2}, … */
  readonly sms: readonly string[];
  /** The same message as one line of text (the local outbox, the tenant's message list). */
  readonly text: string;
}

/** Tencent Cloud SMS: a variable of a notification template holds at most 12 characters here (kept under the provider's limit). */
export const SMS_PARAM_MAX = 12;

/** `value` cut to `max` characters (by code point), ending in `…` when cut. */
export function fit(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

/** `1234` → `12.34元` (a WeChat `amount`). */
export const amountValue = (fen: number) => `${formatFenAsYuan(fen)}元`;

/** `2026-12-02T01:05:00Z` → `2026-12-02 09:05` (Beijing, 24-hour: a WeChat `time`). */
export function timeValue(iso: string): string {
  const local = new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

const value = (type: TemplateValueType, text: string) => ({ value: fit(text, TEMPLATE_VALUE_LIMITS[type]) });

/** `¥12.34`, or `-¥0.21` in arrears. */
const yuan = (fen: number) => (fen < 0 ? `-¥${formatFenAsYuan(-fen)}` : `¥${formatFenAsYuan(fen)}`);

/**
 * Renders a notice. The field layout of each kind matches the template a
 * merchant picks from WeChat's public library for it (the template ids are
 * configuration): e.g. 余额不足提醒 = 表计 thing1, 当前余额 amount2, 温馨提示 thing3.
 */
export function renderNotice(kind: NotificationKind, facts: NoticeFacts, utility: 'electricity' | 'water'): RenderedNotice {
  const supply = utility === 'water' ? '供水' : '供电';
  const balance = facts.balanceFen ?? 0;
  switch (kind) {
    case 'low_balance': {
      const tip = facts.daysRemaining !== undefined ? `约${facts.daysRemaining}天后用完，请及时充值` : '余额不足，请及时充值';
      return {
        wechat: { thing1: value('thing', facts.meterLabel), amount2: value('amount', amountValue(balance)), thing3: value('thing', tip) },
        sms: smsParams(facts.meterLabel, formatFenAsYuan(balance), facts.daysRemaining !== undefined ? String(facts.daysRemaining) : '-'),
        text: `${facts.meterLabel} 余额不足：${yuan(balance)}，${tip}`,
      };
    }
    case 'supply_cut': {
      const tip = facts.tip ?? `已停止${supply}，充值后自动恢复`;
      return {
        wechat: { thing1: value('thing', facts.meterLabel), amount2: value('amount', amountValue(balance)), time3: value('time', timeValue(facts.at)), thing4: value('thing', tip) },
        sms: smsParams(facts.meterLabel, formatFenAsYuan(balance)),
        text: `${facts.meterLabel} ${tip}（余额 ${yuan(balance)}）`,
      };
    }
    case 'supply_restored': {
      const tip = `${supply}已恢复`;
      return {
        wechat: { thing1: value('thing', facts.meterLabel), time2: value('time', timeValue(facts.at)), thing3: value('thing', tip) },
        sms: smsParams(facts.meterLabel, formatFenAsYuan(balance)),
        text: `${facts.meterLabel} ${tip}（余额 ${yuan(balance)}）`,
      };
    }
    case 'recharge_credited': {
      const amount = facts.amountFen ?? 0;
      return {
        wechat: {
          thing1: value('thing', facts.meterLabel),
          amount2: value('amount', amountValue(amount)),
          amount3: value('amount', amountValue(balance)),
          time4: value('time', timeValue(facts.at)),
        },
        sms: smsParams(facts.meterLabel, formatFenAsYuan(amount), formatFenAsYuan(balance)),
        text: `${facts.meterLabel} 充值 ${yuan(amount)} 已到账，余额 ${yuan(balance)}`,
      };
    }
    case 'refund_decided': {
      const amount = facts.amountFen ?? 0;
      const outcome = facts.approved ? '已通过' : '未通过';
      const tip = facts.approved ? '款项将原路退回' : (facts.reason ?? '如有疑问请联系管理处');
      return {
        wechat: { thing1: value('thing', facts.meterLabel), amount2: value('amount', amountValue(amount)), phrase3: value('phrase', outcome), thing4: value('thing', tip) },
        sms: smsParams(facts.meterLabel, formatFenAsYuan(amount), outcome),
        text: `${facts.meterLabel} 退款 ${yuan(amount)} ${outcome}：${tip}`,
      };
    }
    case 'alarm': {
      // 设备告警通知 = 设备 thing1, 告警内容 thing2, 告警时间 time3.
      const text = facts.alarmText ?? facts.alarmKind ?? '告警';
      return {
        wechat: { thing1: value('thing', facts.meterLabel), thing2: value('thing', text), time3: value('time', timeValue(facts.at)) },
        sms: smsParams(facts.meterLabel, text),
        text: `${facts.meterLabel} 告警：${text}`,
      };
    }
  }
}

const smsParams = (...params: string[]) => params.map((param) => fit(param, SMS_PARAM_MAX));
