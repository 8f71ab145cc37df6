import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { asApiError, type ApiError } from '../../api';
import { ApiErrorView, SessionNotice, firstError } from '../../components';
import { queryClient, queryKeys } from '../../data';
import { formatShanghaiTime } from '../../format';
import { useRemotePages, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { pageUrl } from '../../routes';
import { ensureSession } from '../../session';
import { acknowledgeAlarm, listOpenAlarms } from '../api';
import { PagedList } from '../paged-list';
import '../admin.css';

/**
 * The alarms inbox (`#admin-alarms`): the open alarms of the manager's
 * meters, newest first; repeats of one kind on one meter are one alarm with
 * a count and first and last seen. Each opens its meter or is acknowledged.
 */
export function AlarmsScreen() {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const alarms = useRemotePages(queryKeys.adminAlarms(openid), (cursor) => listOpenAlarms(cursor), openid !== '');
  const [failure, setFailure] = useState<ApiError | null>(null);
  const error = firstError(session) ?? (alarms.status === 'error' ? alarms.error : null) ?? failure;
  const ack = async (meterId: string, kind: string) => {
    try {
      await acknowledgeAlarm(meterId, kind);
      await queryClient.invalidateQueries({ queryKey: queryKeys.user(openid) });
    } catch (caught) {
      setFailure(asApiError(caught));
    }
  };
  return (
    <View className='page page--admin-alarms'>
      <View className='page__content'>
        <Text className='page-title'>{t('admin.alarms.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => { void ensureSession(); setFailure(null); alarms.reload(); }} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <PagedList id='admin-alarms' pages={alarms} empty={t('admin.alarms.empty')}>
          {(alarm) => (
          <View key={`${alarm.meterId}-${alarm.kind}`} id={`alarm-${alarm.meterId}-${alarm.kind}`} className={`alarm-item is-${alarm.severity}`} data-kind={alarm.kind}>
            <View className='admin-item__main'>
              <Text className='admin-item__title'>{t(`alarms.kinds.${alarm.kind}` as 'alarms.kinds.meter_fault', { defaultValue: alarm.kind })}</Text>
              <Button className='link-button' onClick={() => void Taro.navigateTo({ url: pageUrl('adminMeter', { meterId: alarm.meterId }) })}>
                {`${alarm.meterId} ›`}
              </Button>
            </View>
            <Text className='admin-item__sub'>{alarm.message}</Text>
            <Text className='admin-item__sub'>{t('admin.alarms.seen', { count: alarm.count, first: formatShanghaiTime(alarm.raisedAt), last: formatShanghaiTime(alarm.lastSeenAt ?? alarm.raisedAt) })}</Text>
            <Button id={`ack-${alarm.meterId}-${alarm.kind}`} className='secondary-action' onClick={() => void ack(alarm.meterId, alarm.kind)}>
              {t('admin.alarms.ack')}
            </Button>
          </View>
          )}
        </PagedList>
      </View>
    </View>
  );
}
