import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { MeterView } from '@prepaid/shared';
import { UTILITY_LABELS, describeLocation, formatReadingValue, formatShanghaiTime } from '../../format';
import { pageUrl } from '../../routes';
import { useT } from '../../i18n';
import { RecentReadings } from './recent-readings';

export interface UsageRowProps {
  meter: MeterView;
  /** The logged-in tenant (their cached reads are keyed by it). */
  openid: string;
}

/**
 * A meter's last reading (`#usage-<meterId>`): `.usage-reading` in kWh or m³ with
 * its time (`.usage-time`), or `.usage-empty` when the meter has not reported yet;
 * then its latest readings, each taken and arrived (`RecentReadings`).
 */
export function UsageRow({ meter, openid }: UsageRowProps) {
  const { t, language } = useT();
  const utility = UTILITY_LABELS[meter.utility];
  const reading = meter.lastReading;
  return (
    <View id={`usage-${meter.id}`} className='usage-row'>
      <View className='usage-row__meter'>
        <Text className='meter-utility'>
          {utility[language]}
        </Text>
        <Text className='meter-id'>{meter.id}</Text>
        <Text className='meter-room'>{describeLocation(meter) ?? ''}</Text>
      </View>
      {reading === null ? (
        <Text className='usage-empty'>{t('usage.noReadings')}</Text>
      ) : (
        <View className='usage-row__reading'>
          <Text className='usage-reading'>{formatReadingValue(reading)}</Text>
          <Text className='usage-time'>{formatShanghaiTime(reading.at)}</Text>
        </View>
      )}
      <Button id={`charts-${meter.id}`} className='charts-link' onClick={() => void Taro.navigateTo({ url: pageUrl('charts', { meterId: meter.id }) })}>
        {t('charts.open')}
      </Button>
      {reading === null ? null : <RecentReadings openid={openid} meterId={meter.id} />}
    </View>
  );
}
