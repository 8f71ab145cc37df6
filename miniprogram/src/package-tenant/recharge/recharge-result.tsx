import { Text, View } from '@tarojs/components';
import type { ApiError } from '../../api';
import { formatBalance, meterNotice } from '../../format';
import { useT } from '../../i18n';
import type { RechargeFlow } from '../../recharge';

type Shown = Exclude<RechargeFlow, { phase: 'idle' }>;

interface StatusLine {
  text: string;
  /** Class suffix: `is-pending`, `is-paid`, `is-cancelled`, `is-unfinished`, `is-error`. */
  tone: 'pending' | 'paid' | 'cancelled' | 'unfinished' | 'error';
  hint: string | null;
}

const UNFINISHED_HINTS = { timeout: 'recharge.timeoutHint', closed: 'recharge.closedHint', failed: 'recharge.failedHint' } as const satisfies Record<Extract<Shown, { phase: 'unfinished' }>['reason'], string>;

function statusLine(flow: Shown, t: ReturnType<typeof useT>['t']): StatusLine {
  switch (flow.phase) {
    case 'paying':
      return { text: t('recharge.paying'), tone: 'pending', hint: t('recharge.payingHint') };
    case 'confirming':
      return { text: t('recharge.paying'), tone: 'pending', hint: t('recharge.confirmingHint') };
    case 'paid':
      return { text: t('recharge.paid'), tone: 'paid', hint: null };
    case 'cancelled':
      return { text: t('recharge.cancelled'), tone: 'cancelled', hint: t('recharge.cancelledHint') };
    case 'unfinished':
      return { text: t('recharge.unfinished'), tone: 'unfinished', hint: t(UNFINISHED_HINTS[flow.reason]) };
    case 'error':
      return { text: t('recharge.failed'), tone: 'error', hint: null };
  }
}

/** The failure to show with the flow, if any (the page renders it as `#api-error`). */
export function flowError(flow: RechargeFlow): ApiError | null {
  if (flow.phase === 'error' || flow.phase === 'paid' || flow.phase === 'unfinished') return flow.error;
  return null;
}

export interface RechargeResultProps {
  flow: RechargeFlow;
}

/** After paying, what the supply does next (`#recharge-supply-notice`): e.g. when a cut meter's power returns. */
function SupplyNotice({ meter }: { meter: NonNullable<Extract<RechargeFlow, { phase: 'paid' }>['meter']> }) {
  const { language } = useT();
  const notice = meterNotice(meter, new Date(), language);
  if (notice === null) return null;
  return (
    <View id='recharge-supply-notice' className={`meter-notice is-${notice.level}`} data-kind={notice.kind}>
      <Text>{notice.text}</Text>
    </View>
  );
}

/**
 * The outcome of the last payment (`#recharge-result`): status `#recharge-status`
 * ('支付中…', then '已到账' with class `is-paid`, or '已取消' / '支付未完成' / '支付失败'),
 * the amount (`#recharge-amount`) and, once paid, the new balance (`#recharge-balance`)
 * and what the supply does next (`#recharge-supply-notice`: a cut meter's restore and when).
 */
export function RechargeResult({ flow }: RechargeResultProps) {
  const { t } = useT();
  if (flow.phase === 'idle') return null;
  const line = statusLine(flow, t);
  return (
    <View id='recharge-result' className='recharge-result'>
      <Text id='recharge-status' className={`recharge-status is-${line.tone}`}>
        {line.text}
      </Text>
      <Text id='recharge-amount' className='recharge-amount'>
        {t('recharge.amount', { amount: formatBalance(flow.amountFen) })}
      </Text>
      {line.hint === null ? null : <Text className='recharge-hint'>{line.hint}</Text>}
      {flow.phase === 'paid' && flow.meter !== null ? (
        <View className='recharge-result__balance'>
          <Text className='meter-card__caption'>{t('recharge.newBalance')}</Text>
          <Text id='recharge-balance' className='recharge-balance'>
            {formatBalance(flow.meter.balanceFen)}
          </Text>
        </View>
      ) : null}
      {flow.phase === 'paid' && flow.meter !== null ? <SupplyNotice meter={flow.meter} /> : null}
      {'outTradeNo' in flow ? (
        <Text id='recharge-order' className='recharge-order'>
          {t('recharge.order', { id: flow.outTradeNo })}
        </Text>
      ) : null}
    </View>
  );
}
