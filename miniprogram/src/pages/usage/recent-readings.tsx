import { Text, View } from '@tarojs/components';
import { RemoteView } from '../../components';
import { queryKeys } from '../../data';
import { formatReadingValue, formatShanghaiTime } from '../../format';
import { useRemote } from '../../hooks';
import { listReadings } from '../../api';
import { useT } from '../../i18n';

/** How many of a meter's latest readings the usage tab lists. */
export const RECENT_READINGS = 5;

/** A reading arriving this long after it was taken was stored by the meter and sent later: it is marked 补传. */
const LATE_MS = 60 * 60_000;

/** 'MM-DD HH:mm', Beijing. */
const short = (iso: string): string => formatShanghaiTime(iso).slice(5);

/**
 * A meter's latest readings (`#readings-<meterId>`), each with when the meter
 * took it (`.reading-taken`) and when it reached us (`.reading-arrived`):
 * stored readings sent in a burst arrive hours later and are marked 补传.
 */
export function RecentReadings({ openid, meterId }: { openid: string; meterId: string }) {
  const { t } = useT();
  const readings = useRemote(queryKeys.readings(openid, meterId), () => listReadings(meterId, RECENT_READINGS));
  return (
    <View id={`readings-${meterId}`} className='recent-readings'>
      <Text className='recent-readings__title'>{t('usage.recent')}</Text>
      <RemoteView id={`readings-${meterId}`} state={readings} isEmpty={(list) => list.items.length === 0} empty={<Text className='usage-empty'>{t('usage.noReadings')}</Text>}>
        {(list) =>
          list.items.map((reading) => {
            const late = Date.parse(reading.receivedAt) - Date.parse(reading.at) > LATE_MS;
            return (
              <View key={reading.at} className='reading-item'>
                <View className='reading-item__main'>
                  <Text className='reading-value'>{formatReadingValue(reading)}</Text>
                  <Text className={`reading-status is-${reading.status}`}>{t(`usage.statuses.${reading.status}`)}</Text>
                </View>
                <Text className='reading-times'>
                  <Text className='reading-taken'>{t('usage.taken', { at: short(reading.at) })}</Text>
                  <Text className='reading-arrived'>
                    {' · '}
                    {t('usage.arrived', { at: short(reading.receivedAt) })}
                    {late ? t('usage.late') : ''}
                  </Text>
                </Text>
              </View>
            );
          })
        }
      </RemoteView>
    </View>
  );
}
