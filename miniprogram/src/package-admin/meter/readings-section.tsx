import { Button, Text, View } from '@tarojs/components';
import { ApiErrorView, LoadingView } from '../../components';
import { formatBalance, formatReadingValue, formatShanghaiTime } from '../../format';
import { useRemotePages } from '../../hooks';
import { useT } from '../../i18n';
import { listMeterReadings } from '../api';

/** A reading arriving this long after it was taken was stored by the meter and sent later (补传). */
const LATE_MS = 60 * 60_000;

/**
 * The meter's readings for its manager (`#admin-readings`), newest first, a
 * page at a time: the register, what the billing made of it (billed with its
 * charge, baseline, stale, duplicate, anomaly with the reason), when the
 * meter took it and when it arrived.
 */
export function Readings({ meterId, ready, queryKey }: { meterId: string; ready: boolean; queryKey: readonly unknown[] }) {
  const { t } = useT();
  const readings = useRemotePages(queryKey, (cursor) => listMeterReadings(meterId, cursor), ready);
  if (readings.status === 'error') return <ApiErrorView error={readings.error} onRetry={readings.reload} />;
  if (readings.status !== 'ready') return <LoadingView id='admin-readings-loading' />;
  return (
    <>
      <Text className='admin-section'>{t('admin.meter.readings')}</Text>
      {readings.items.length === 0 ? <Text id='admin-readings' className='list-end'>{t('usage.noReadings')}</Text> : null}
      <View id='admin-readings' className='admin-list'>
        {readings.items.map((reading) => {
          const late = Date.parse(reading.receivedAt) - Date.parse(reading.at) > LATE_MS;
          const charged = reading.chargeFen !== undefined ? ` · ${t('admin.meter.charged', { amount: formatBalance(reading.chargeFen) })}` : '';
          return (
            <View key={`${reading.at}-${reading.receivedAt}`} className='admin-item reading-row' data-status={reading.status}>
              <View className='admin-item__main'>
                <Text className='admin-item__title'>{formatReadingValue(reading)}</Text>
                <Text className={`reading-status is-${reading.status}`}>{t(`usage.statuses.${reading.status}`)}</Text>
              </View>
              <Text className='admin-item__sub'>
                {`${t('usage.taken', { at: formatShanghaiTime(reading.at).slice(5) })} · ${t('usage.arrived', { at: formatShanghaiTime(reading.receivedAt).slice(5) })}${late ? t('usage.late') : ''}${charged}`}
              </Text>
              {reading.reason ? <Text className='admin-item__sub'>{reading.reason}</Text> : null}
            </View>
          );
        })}
        {readings.hasMore ? (
          <Button className='secondary-action' onClick={readings.more}>
            {t('admin.list.more')}
          </Button>
        ) : null}
      </View>
    </>
  );
}
