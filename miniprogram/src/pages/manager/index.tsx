import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { EstateOverview, MeterFilter } from '@prepaid/shared';
import { getOverview } from '../../api';
import { ApiErrorView, PageShell, RemoteView, SessionNotice, firstError } from '../../components';
import { queryKeys } from '../../data';
import { formatBalance, formatLitresAsCubicMetres, formatWhAsKwh } from '../../format';
import { useRemote, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { pageUrl } from '../../routes';
import { canManage, ensureSession, rolesOf } from '../../session';

type Building = EstateOverview['buildings'][number];

/** The counts a manager acts on, each opening the meter list with that filter. */
const STATES: { filter: MeterFilter; count: (building: Building) => number; alert: boolean }[] = [
  { filter: 'cut', count: (b) => b.cut, alert: true },
  { filter: 'arrears', count: (b) => b.arrears, alert: true },
  { filter: 'low_balance', count: (b) => b.lowBalance, alert: false },
  { filter: 'alarm', count: (b) => b.withAlarms, alert: true },
  { filter: 'offline', count: (b) => b.offline, alert: false },
  { filter: 'keep_on', count: (b) => b.keepOn, alert: false },
];

/** The manager's other pages, in the order of the buttons. */
const LINKS = [
  ['meters', 'adminMeters'],
  ['alarms', 'adminAlarms'],
  ['refunds', 'adminRefunds'],
  ['stats', 'adminStats'],
  ['exports', 'adminExports'],
  ['gateways', 'adminGateways'],
  ['keys', 'adminKeys'],
] as const;

const open = (url: string) => () => void Taro.navigateTo({ url });

/**
 * The manager tab (staff only; the API enforces the same): per building the
 * meters by state (`#building-<id>`, each count opening the filtered list)
 * and today's money and use; links to the meters, alarms and refund queue.
 * Anyone else is turned away, with the way in by invitation.
 */
export default function ManagerPage() {
  const { t } = useT();
  const session = useSession();
  const roles = rolesOf(session);
  const staff = session.status === 'ready' && canManage(roles);
  const openid = session.status === 'ready' ? session.me.openid : '';
  // Counts move with every reading and payment: read afresh whenever the tab opens.
  const overview = useRemote(queryKeys.overview(openid), getOverview, staff, { staleTimeMs: 0 });
  const error = firstError(session);
  let body = <SessionNotice session={session} />;
  if (session.status === 'ready' && !staff) {
    body = (
      <View id='manager-forbidden' className='empty-state'>
        <Text className='empty-state__title'>{t('admin.forbidden')}</Text>
        <Button id='manager-invite' className='card-link' onClick={open(pageUrl('invite'))}>
          {t('admin.inviteLink')}
        </Button>
      </View>
    );
  } else if (staff) {
    body = (
      <View id='manager-summary' className='manager-summary'>
        <View className='admin-links'>
          {LINKS.filter(([link]) => link !== 'keys' || roles.includes('admin')).map(([link, page]) => (
            <Button key={link} id={`admin-link-${link}`} className='secondary-action admin-link' onClick={open(pageUrl(page))}>
              {t(`admin.links.${link}`)}
            </Button>
          ))}
        </View>
        <RemoteView id='overview' state={overview} isEmpty={(data) => data.buildings.length === 0} empty={<Text id='overview-empty' className='list-end'>{t('admin.noBuildings')}</Text>}>
          {(data) => (
            <View id='overview' className='building-list'>
              <Text className='admin-day'>{t('admin.day', { day: data.day })}</Text>
              {data.buildings.map((building) => (
                <BuildingCard key={building.id} building={building} />
              ))}
            </View>
          )}
        </RemoteView>
      </View>
    );
  }
  return (
    <PageShell tab='manager' roles={roles}>
      <Text className='page-title'>{t('admin.overview')}</Text>
      {error === null ? null : <ApiErrorView error={error} onRetry={() => void ensureSession()} />}
      {body}
    </PageShell>
  );
}

function BuildingCard({ building }: { building: Building }) {
  const { t } = useT();
  return (
    <View id={`building-${building.id}`} className='building-card'>
      <View className='building-card__head'>
        <Text className='building-card__name'>{building.name}</Text>
        <Text className='building-card__count'>{t('admin.meterCount', { count: building.meters })}</Text>
      </View>
      <View className='state-grid'>
        {STATES.map(({ filter, count, alert }) => {
          const n = count(building);
          return (
            <Button key={filter} id={`state-${building.id}-${filter}`} className={`state-cell${n > 0 && alert ? ' is-alert' : ''}`} onClick={open(pageUrl('adminMeters', { filter, buildingId: building.id }))} ariaLabel={`${t(`admin.states.${filter}`)} ${n}`}>
              <Text className='state-cell__n'>{n}</Text>
              <Text className='state-cell__label'>{t(`admin.states.${filter}`)}</Text>
            </Button>
          );
        })}
      </View>
      <View id={`today-${building.id}`} className='building-today'>
        <Text className='building-today__title'>{t('admin.today')}</Text>
        <Text>{t('admin.recharges', { count: building.today.rechargeCount, amount: formatBalance(building.today.rechargeFen) })}</Text>
        <Text>{t('admin.refundsToday', { count: building.today.refundCount, amount: formatBalance(building.today.refundFen) })}</Text>
        <Text>{t('admin.consumption', { kwh: formatWhAsKwh(building.today.electricityWh), m3: formatLitresAsCubicMetres(building.today.waterL), amount: formatBalance(building.today.consumptionFen) })}</Text>
      </View>
      <View className='admin-links'>
        <Button id={`mass-open-${building.id}`} className='card-link admin-link' onClick={open(pageUrl('adminMass', { buildingId: building.id }))}>
          {t('admin.mass.open')}
        </Button>
        <Button id={`audit-open-${building.id}`} className='card-link admin-link' onClick={open(pageUrl('adminAudit', { buildingId: building.id }))}>
          {t('admin.audit.open')}
        </Button>
      </View>
      <Button id={`qr-open-${building.id}`} className='card-link' onClick={open(pageUrl('adminQr', { buildingId: building.id }))}>
        {t('admin.qr.open')}
      </Button>
    </View>
  );
}
