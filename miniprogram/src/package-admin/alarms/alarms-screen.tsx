import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { AlarmKind } from '@prepaid/shared';
import { useState } from 'react';
import { asApiError, getOverview, type ApiError } from '../../api';
import { ApiErrorView, SessionNotice, firstError } from '../../components';
import { queryClient, queryKeys } from '../../data';
import { formatShanghaiTime } from '../../format';
import { useRemote, useRemotePages, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { pageUrl } from '../../routes';
import { ensureSession } from '../../session';
import { acknowledgeAlarm, listAlarms } from '../api';
import { PagedList } from '../paged-list';
import { Chips } from '../chips';
import { useStaffNames } from '../staff-names';
import '../admin.css';

type Status = 'open' | 'acknowledged' | 'cleared';
const STATUSES: readonly Status[] = ['open', 'acknowledged', 'cleared'];

/**
 * The kinds a manager filters by, as the API lists them (a type-checked copy:
 * importing the list would bring the shared package's code into the main package).
 */
const KINDS = ['meter_fault', 'purchase_mismatch', 'params_mismatch', 'gateway_offline', 'circuit_trip', 'communication_lost', 'supply_cut', 'balance_exhausted', 'low_balance', 'low_battery', 'usage_surge', 'night_flow', 'command_expired', 'rejected_frame'] as const satisfies readonly AlarmKind[];
/** Fails to compile when the API gains a kind this list lacks. */
const EVERY_KIND: [Exclude<AlarmKind, (typeof KINDS)[number]>] extends [never] ? true : never = true;
void EVERY_KIND;

/**
 * The alarms inbox (`#admin-alarms`) of the manager's meters: open ones
 * (newest first; repeats of one kind on one meter are one alarm with a count
 * and first and last seen), or those acknowledged or cleared, with who closed
 * them and when; filtered by kind (`#kind-<kind>`) and, for a manager of
 * several buildings, by building (`#building-filter-<id>`). Each opens its
 * meter; an open one is acknowledged here.
 */
export function AlarmsScreen({ initialStatus, buildingId: initialBuilding }: { initialStatus?: string; buildingId?: string } = {}) {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const [status, setStatus] = useState<Status>(STATUSES.find((candidate) => candidate === initialStatus) ?? 'open');
  const [kind, setKind] = useState<AlarmKind | undefined>(undefined);
  const [buildingId, setBuildingId] = useState<string | undefined>(initialBuilding || undefined);
  const overview = useRemote(queryKeys.overview(openid), getOverview, openid !== '');
  const buildings = overview.status === 'ready' ? overview.data.buildings : [];
  const alarms = useRemotePages(
    [...queryKeys.adminAlarms(openid), status, kind ?? 'all', buildingId ?? 'all'],
    (cursor) => listAlarms({ status, ...(kind ? { kind } : {}), ...(buildingId ? { buildingId } : {}), ...(cursor ? { cursor } : {}) }),
    openid !== '',
  );
  const [failure, setFailure] = useState<ApiError | null>(null);
  const error = firstError(session) ?? (alarms.status === 'error' ? alarms.error : null) ?? failure;
  const ack = async (meterId: string, alarmKind: string) => {
    try {
      await acknowledgeAlarm(meterId, alarmKind);
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
        <Chips id='alarm-status' label={t('admin.alarms.statusLabel')} value={status} onChange={setStatus} choices={STATUSES.map((choice) => [`status-${choice}`, choice, t(`admin.alarms.statuses.${choice}`)])} />
        <Chips
          id='alarm-kinds'
          label={t('admin.alarms.kindLabel')}
          value={kind}
          onChange={setKind}
          choices={[['kind-all', undefined, t('admin.list.all')], ...KINDS.map((choice): [string, AlarmKind, string] => [`kind-${choice}`, choice, t(`alarms.kinds.${choice}`)])]}
        />
        {buildings.length > 1 ? (
          <Chips
            id='alarm-buildings'
            label={t('admin.alarms.buildingLabel')}
            value={buildingId}
            onChange={setBuildingId}
            choices={[['building-filter-all', undefined, t('admin.alarms.everyBuilding')], ...buildings.map((building): [string, string, string] => [`building-filter-${building.id}`, building.id, building.name])]}
          />
        ) : null}
        <PagedList id='admin-alarms' pages={alarms} empty={t(`admin.alarms.empties.${status}`)}>
          {(alarm) => <AlarmItem key={`${alarm.meterId}-${alarm.kind}-${alarm.raisedAt}`} alarm={alarm} onAck={ack} />}
        </PagedList>
      </View>
    </View>
  );
}

type Alarm = Awaited<ReturnType<typeof listAlarms>>['items'][number];

/** One alarm: what, which meter (a link), how often and since when; acknowledged here while open, else who closed it. */
function AlarmItem({ alarm, onAck }: { alarm: Alarm; onAck: (meterId: string, kind: string) => Promise<void> }) {
  const { t } = useT();
  const nameOf = useStaffNames();
  return (
    <View id={`alarm-${alarm.meterId}-${alarm.kind}`} className={`alarm-item is-${alarm.severity}`} data-kind={alarm.kind} data-status={alarm.status}>
      <View className='admin-item__main'>
        <Text className='admin-item__title'>{t(`alarms.kinds.${alarm.kind}` as 'alarms.kinds.meter_fault', { defaultValue: alarm.kind })}</Text>
        {alarm.gatewayId ? (
          <Text className='admin-item__sub'>{t('admin.alarms.gateway', { id: alarm.gatewayId })}</Text>
        ) : (
          <Button className='link-button' onClick={() => void Taro.navigateTo({ url: pageUrl('adminMeter', { meterId: alarm.meterId }) })}>
            {`${alarm.meterId} ›`}
          </Button>
        )}
      </View>
      <Text className='admin-item__sub'>{alarm.message}</Text>
      <Text className='admin-item__sub'>{t('admin.alarms.seen', { count: alarm.count, first: formatShanghaiTime(alarm.raisedAt), last: formatShanghaiTime(alarm.lastSeenAt ?? alarm.raisedAt) })}</Text>
      {alarm.status === 'open' && alarm.gatewayId ? (
        <Text className='admin-item__sub'>{t('admin.alarms.clearsWhenBack')}</Text>
      ) : alarm.status === 'open' ? (
        <Button id={`ack-${alarm.meterId}-${alarm.kind}`} className='secondary-action' onClick={() => void onAck(alarm.meterId, alarm.kind)}>
          {t('admin.alarms.ack')}
        </Button>
      ) : (
        <Text className='admin-item__sub alarm-closed'>
          {t(`admin.alarms.closed.${alarm.status}`, { at: formatShanghaiTime(alarm.closedAt ?? alarm.raisedAt), by: nameOf(alarm.closedBy) })}
          {alarm.note ? ` · ${alarm.note}` : ''}
        </Text>
      )}
    </View>
  );
}
