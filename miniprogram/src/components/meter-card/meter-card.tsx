import { Button, Text, View } from '@tarojs/components';
import type { MeterView } from '@prepaid/shared';
import { UTILITY_LABELS, describeDaysLeft, describeLocation, describeSupply, formatBalance, formatReadingValue, formatShanghaiTime, meterNotice } from '../../format';
import Taro from '@tarojs/taro';
import { useT } from '../../i18n';
import { openRechargePage } from '../../recharge';
import { pageUrl } from '../../routes';

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
  const { t, language } = useT();
  const utility = UTILITY_LABELS[meter.utility];
  const location = describeLocation(meter);
  const notice = meterNotice(meter, now, language);
  const low = meter.balanceFen <= meter.lowBalanceFen;
  return (
    <View id={`meter-${meter.id}`} className={`meter-card meter-card--${meter.utility}`}>
      <View className='meter-card__header'>
        <Text className='meter-utility'>
          {language === 'en' ? utility.en : utility.zh}
        </Text>
        <Text className={meter.online ? 'meter-online is-online' : 'meter-online is-offline'}>{meter.online ? t('card.online') : t('card.offline')}</Text>
      </View>
      <Text className='meter-room'>{location ?? t('card.noRoom')}</Text>
      <View className='meter-card__balance'>
        <View className='meter-card__balance-main'>
          <Text className='meter-card__caption'>{t('card.balance')}</Text>
          <Text className={low ? 'meter-balance is-low' : 'meter-balance'}>{formatBalance(meter.balanceFen)}</Text>
        </View>
        <Text className='meter-days-left'>{describeDaysLeft(meter.daysLeft, meter.balanceFen, language)}</Text>
      </View>
      {notice === null ? null : (
        <View className={`meter-notice is-${notice.level}`} data-kind={notice.kind} aria-live='polite'>
          <Text>{notice.text}</Text>
        </View>
      )}
      <View className='meter-card__status'>
        <Text className={`meter-supply is-${meter.supply}`}>{describeSupply(meter.utility, meter.supply, language)}</Text>
        {meter.keepOn ? <Text className='meter-keep-on'>{t('card.keepOn')}</Text> : null}
        {meter.tariffName === null ? null : <Text className='meter-tariff'>{meter.tariffName}</Text>}
      </View>
      <Text className='meter-last-reading'>
        {meter.lastReading === null ? t('card.noReading') : t('card.lastReading', { value: formatReadingValue(meter.lastReading), at: formatShanghaiTime(meter.lastReading.at) })}
      </Text>
      <View className='meter-card__actions'>
        <Text className='meter-id'>{t('card.meterNo', { id: meter.id })}</Text>
        <Button id={`recharge-${meter.id}`} className='primary-button recharge-button' size='mini' onClick={() => openRechargePage(meter.id)}>
          {t('card.recharge')}
        </Button>
      </View>
      <View className='meter-card__links'>
        <Button id={`records-${meter.id}`} className='card-link' size='mini' onClick={() => void Taro.navigateTo({ url: pageUrl('records', { meterId: meter.id }) })}>
          {t('records.open')}
        </Button>
        <Button id={`refund-${meter.id}`} className='card-link' size='mini' onClick={() => void Taro.navigateTo({ url: pageUrl('refund', { meterId: meter.id }) })}>
          {t('refund.open')}
        </Button>
      </View>
    </View>
  );
}
