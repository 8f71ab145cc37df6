import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ApiError } from '../../api';
import { ApiErrorView, SessionNotice, firstError } from '../../components';
import { pagePath } from '../../routes';
import { formatBalance } from '../../format';
import { useMeter, useRecharge, useSession } from '../../hooks';
import type { PollTiming } from '../../recharge';
import { useT } from '../../i18n';
import { ensureSession } from '../../session';
import { AmountChips } from './amount-chips';
import { MeterSummary } from './meter-summary';
import { RechargeResult, flowError } from './recharge-result';

const MISSING_METER = new ApiError('recharge.meter_missing', 0, 'The page was opened without a meterId');

const HOME_PATH = pagePath('home');

/** Back to a fresh home page (reLaunch: it re-reads the balances, and the stack is one page again). */
const goHome = (): void => {
  void Taro.reLaunch({ url: HOME_PATH });
};

export interface RechargeScreenProps {
  meterId: string;
  /** Polling cadence; tests shorten it. */
  timing?: PollTiming;
}

/**
 * Recharge one meter: its balance, preset amounts (`#amount-<fen>`), `#pay-button`,
 * the outcome (`#recharge-status`, `#recharge-balance`), errors (`#api-error`) and
 * `#back-home`.
 */
export function RechargeScreen({ meterId, timing }: RechargeScreenProps) {
  const { t } = useT();
  const session = useSession();
  const meter = useMeter(session, meterId);
  const { flow, inFlight, pay } = useRecharge(meterId, timing);
  const [amountFen, setAmountFen] = useState<number | null>(null);
  const loadError = meterId === '' ? MISSING_METER : firstError(session, meter);
  const error = loadError ?? flowError(flow);
  const retry = (): void => {
    void ensureSession();
    meter.reload();
  };
  const canPay = amountFen !== null && !inFlight && meter.status === 'ready';
  let shownMeter = meter.status === 'ready' ? meter.data : null;
  if (flow.phase === 'paid' && flow.meter !== null) shownMeter = flow.meter;
  return (
    <View className='page page--recharge'>
      <View className='page__content'>
        <Text className='page-title'>{t('recharge.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={loadError === null ? undefined : retry} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        {session.status === 'ready' && meter.status !== 'error' ? <MeterSummary meter={shownMeter} /> : null}
        <Text className='recharge-section-title'>{t('recharge.choose')}</Text>
        <AmountChips selectedFen={amountFen} disabled={inFlight} onSelect={setAmountFen} />
        <Button
          id='pay-button'
          className={canPay ? 'primary-button pay-button' : 'primary-button pay-button is-disabled'}
          disabled={!canPay}
          onClick={() => {
            if (canPay) pay(amountFen);
          }}
        >
          {amountFen === null ? t('recharge.pay') : t('recharge.payAmount', { amount: formatBalance(amountFen) })}
        </Button>
        <RechargeResult flow={flow} />
        <Button id='back-home' className='back-home-button' onClick={goHome}>
          {t('recharge.backHome')}
        </Button>
      </View>
    </View>
  );
}
