import { Text, View } from '@tarojs/components';
import type { MeterView } from '@prepaid/shared';
import { LoadingView } from '../../components';
import { UTILITY_LABELS, describeLocation, formatBalance } from '../../format';
import { useT } from '../../i18n';

export interface MeterSummaryProps {
  /** The meter as last read; null while loading. */
  meter: MeterView | null;
}

/**
 * The meter being recharged (`#recharge-meter`): id (`#recharge-meter-id`), room
 * (`#recharge-meter-room`) and balance (`#recharge-meter-balance`); `#meter-loading` until read.
 */
export function MeterSummary({ meter }: MeterSummaryProps) {
  const { t, language } = useT();
  if (meter === null) return <LoadingView id='meter-loading' />;
  const low = meter.balanceFen <= 0;
  return (
    <View id='recharge-meter' className={`recharge-meter meter-card--${meter.utility}`}>
      <View className='meter-card__header'>
        <Text className='meter-utility'>{UTILITY_LABELS[meter.utility][language]}</Text>
        <Text id='recharge-meter-id' className='meter-id'>
          {meter.id}
        </Text>
      </View>
      <Text id='recharge-meter-room' className='meter-room'>
        {describeLocation(meter) ?? t('card.noRoom')}
      </Text>
      <Text className='meter-card__caption'>{t('recharge.balanceNow')}</Text>
      <Text id='recharge-meter-balance' className={low ? 'meter-balance is-low' : 'meter-balance'}>
        {formatBalance(meter.balanceFen)}
      </Text>
    </View>
  );
}
