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

const UNFINISHED_HINTS: Record<Extract<Shown, { phase: 'unfinished' }>['reason'], string> = {
  timeout: '暂未收到支付结果。如已扣款，稍后会自动到账，可在首页查看余额。',
  closed: '订单已关闭，未扣款。',
  failed: '支付失败，未扣款。',
};

function statusLine(flow: Shown): StatusLine {
  switch (flow.phase) {
    case 'paying':
      return { text: '支付中…', tone: 'pending', hint: '正在发起微信支付' };
    case 'confirming':
      return { text: '支付中…', tone: 'pending', hint: '正在等待微信支付结果' };
    case 'paid':
      return { text: '已到账', tone: 'paid', hint: null };
    case 'cancelled':
      return { text: '已取消', tone: 'cancelled', hint: '未扣款，可重新选择金额支付。' };
    case 'unfinished':
      return { text: '支付未完成', tone: 'unfinished', hint: UNFINISHED_HINTS[flow.reason] };
    case 'error':
      return { text: '支付失败', tone: 'error', hint: null };
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
  if (flow.phase === 'idle') return null;
  const line = statusLine(flow);
  return (
    <View id='recharge-result' className='recharge-result'>
      <Text id='recharge-status' className={`recharge-status is-${line.tone}`}>
        {line.text}
      </Text>
      <Text id='recharge-amount' className='recharge-amount'>
        充值金额 {formatBalance(flow.amountFen)}
      </Text>
      {line.hint === null ? null : <Text className='recharge-hint'>{line.hint}</Text>}
      {flow.phase === 'paid' && flow.meter !== null ? (
        <View className='recharge-result__balance'>
          <Text className='meter-card__caption'>最新余额</Text>
          <Text id='recharge-balance' className='recharge-balance'>
            {formatBalance(flow.meter.balanceFen)}
          </Text>
        </View>
      ) : null}
      {flow.phase === 'paid' && flow.meter !== null ? <SupplyNotice meter={flow.meter} /> : null}
      {'outTradeNo' in flow ? (
        <Text id='recharge-order' className='recharge-order'>
          订单号 {flow.outTradeNo}
        </Text>
      ) : null}
    </View>
  );
}
