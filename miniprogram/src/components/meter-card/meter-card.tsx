import { Button, Text, View } from '@tarojs/components';
import type { MeterView } from '@prepaid/shared';
import { UTILITY_LABELS, describeDaysLeft, describeLocation, describeSupply, formatBalance, formatReadingValue, formatShanghaiTime, meterNotice } from '../../format';
import { openRechargePage } from '../../recharge';

export interface MeterCardProps {
  meter: MeterView;
  /** The time the notice's "today" is judged by (tests give their own). */
  now?: Date;
}

/**
 * One meter on the tenant's home page, id `meter-<meterId>`: utility and room,
 * the balance (`.meter-balance`, '¥123.45') and how many days it lasts
 * (`.meter-days-left`), the one thing to know now (`.meter-notice`: a cut,
 * power on its way back and when, arrears, a low balance), supply, online
 * state and last reading, and a recharge button (`#recharge-<meterId>`).
 */
export function MeterCard({ meter, now = new Date() }: MeterCardProps) {
  const utility = UTILITY_LABELS[meter.utility];
  const location = describeLocation(meter);
  const notice = meterNotice(meter, now);
  const low = meter.balanceFen <= meter.lowBalanceFen;
  return (
    <View id={`meter-${meter.id}`} className={`meter-card meter-card--${meter.utility}`}>
      <View className='meter-card__header'>
        <Text className='meter-utility'>
          {utility.zh} <Text className='meter-utility__en'>{utility.en}</Text>
        </Text>
        <Text className={meter.online ? 'meter-online is-online' : 'meter-online is-offline'}>{meter.online ? '在线' : '离线'}</Text>
      </View>
      <Text className='meter-room'>{location ?? '未登记房间'}</Text>
      <View className='meter-card__balance'>
        <View className='meter-card__balance-main'>
          <Text className='meter-card__caption'>余额</Text>
          <Text className={low ? 'meter-balance is-low' : 'meter-balance'}>{formatBalance(meter.balanceFen)}</Text>
        </View>
        <Text className='meter-days-left'>{describeDaysLeft(meter.daysLeft, meter.balanceFen)}</Text>
      </View>
      {notice === null ? null : (
        <View className={`meter-notice is-${notice.level}`} data-kind={notice.kind} aria-live='polite'>
          <Text>{notice.text}</Text>
        </View>
      )}
      <View className='meter-card__status'>
        <Text className={`meter-supply is-${meter.supply}`}>{describeSupply(meter.utility, meter.supply)}</Text>
        {meter.keepOn ? <Text className='meter-keep-on'>保电</Text> : null}
        {meter.tariffName === null ? null : <Text className='meter-tariff'>{meter.tariffName}</Text>}
      </View>
      <Text className='meter-last-reading'>
        {meter.lastReading === null ? '暂无读数' : `最近读数 ${formatReadingValue(meter.lastReading)} · ${formatShanghaiTime(meter.lastReading.at)}`}
      </Text>
      <View className='meter-card__actions'>
        <Text className='meter-id'>表号 {meter.id}</Text>
        <Button id={`recharge-${meter.id}`} className='primary-button recharge-button' size='mini' onClick={() => openRechargePage(meter.id)}>
          充值
        </Button>
      </View>
    </View>
  );
}
