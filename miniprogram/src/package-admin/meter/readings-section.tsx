import { Text, View } from '@tarojs/components';
import type { ReadingView } from '@prepaid/shared';
import { ApiErrorView } from '../../components';
import { formatBalance, formatReadingValue, formatShanghaiTime } from '../../format';
import { useRemotePages } from '../../hooks';
import { useT } from '../../i18n';
import { listMeterReadings } from '../api';
import { PagedList } from '../paged-list';

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
  return (
    <>
      <Text className='admin-section'>{t('admin.meter.readings')}</Text>
      {readings.status === 'error' ? <ApiErrorView error={readings.error} onRetry={readings.reload} /> : null}
      <PagedList id='admin-readings' pages={readings} empty={t('usage.noReadings')}>
        {(reading) => <ReadingRow key={`${reading.at}-${reading.receivedAt}`} reading={reading} />}
      </PagedList>
    </>
  );
}

function ReadingRow({ reading }: { reading: ReadingView }) {
  const { t } = useT();
  const late = Date.parse(reading.receivedAt) - Date.parse(reading.at) > LATE_MS;
  const charged = reading.chargeFen !== undefined ? ` · ${t('admin.meter.charged', { amount: formatBalance(reading.chargeFen) })}` : '';
  return (
    <View className='admin-item reading-row' data-status={reading.status}>
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
}
