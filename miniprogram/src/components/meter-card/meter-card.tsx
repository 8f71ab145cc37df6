import { Button, Text, View } from '@tarojs/components';
import type { MeterView } from '@prepaid/shared';
import { UTILITY_LABELS, describeLocation, describeSupply, formatBalance } from '../../format';
import { openRechargePage } from '../../recharge';

export interface MeterCardProps {
  meter: MeterView;
}

/**
 * One meter on the tenant's home page, id `meter-<meterId>`: utility, room,
 * balance (`.meter-balance`, e.g. '¥123.45'), supply and online state, and a
 * recharge button (`#recharge-<meterId>`) that opens the recharge page.
 */
export function MeterCard({ meter }: MeterCardProps) {
  const utility = UTILITY_LABELS[meter.utility];
  const location = describeLocation(meter);
  const low = meter.balanceFen <= 0;
  return (
    <View id={`meter-${meter.id}`} className={`meter-card meter-card--${meter.utility}`}>
      <View className='meter-card__header'>
        <Text className='meter-utility'>
          {utility.zh} <Text className='meter-utility__en'>{utility.en}</Text>
        </Text>
        <Text className='meter-id'>{meter.id}</Text>
      </View>
      <Text className='meter-room'>{location ?? '未登记房间'}</Text>
      <View className='meter-card__balance'>
        <Text className='meter-card__caption'>余额</Text>
        <Text className={low ? 'meter-balance is-low' : 'meter-balance'}>{formatBalance(meter.balanceFen)}</Text>
      </View>
      <View className='meter-card__status'>
        <Text className={`meter-supply is-${meter.supply}`}>{describeSupply(meter.utility, meter.supply)}</Text>
        <Text className={meter.online ? 'meter-online is-online' : 'meter-online is-offline'}>
          {meter.online ? '在线' : '离线'}
        </Text>
        {meter.keepOn ? <Text className='meter-keep-on'>保电</Text> : null}
      </View>
      {meter.tariffName === null ? null : <Text className='meter-tariff'>{meter.tariffName}</Text>}
      <View className='meter-card__actions'>
        <Button
          id={`recharge-${meter.id}`}
          className='primary-button recharge-button'
          size='mini'
          onClick={() => openRechargePage(meter.id)}
        >
          充值
        </Button>
      </View>
    </View>
  );
}
