import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { formatFenAsYuan, type StatisticsFigures } from '@prepaid/shared';
import { useMemo, useState } from 'react';
import { getOverview } from '../../api';
import { ApiErrorView, RemoteView, SessionNotice, firstError } from '../../components';
import { queryKeys } from '../../data';
import { REPORT_PERIODS, formatLitresAsCubicMetres, formatWhAsKwh, reportRange, type ReportPeriod } from '../../format';
import { useRemote, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { pageUrl } from '../../routes';
import { canManage, ensureSession, rolesOf } from '../../session';
import { EChart } from '../charts/echart';
import { getStatistics } from './api';
import { buildingChartOption, channelChartOption } from './stats-chart-options';
import '../charts/charts.css';
import './stats.css';

const yuan = (fen: number) => `¥${formatFenAsYuan(fen)}`;

/**
 * The money and use of the manager's buildings over a span (`#stats`): the
 * totals (net income, recharges by channel, refunds, electricity, water),
 * recharges by period stacked by channel (`#stats-channel-chart`), and per
 * building (`#stats-building-chart`, `#stats-buildings`); a link takes the
 * same span to the exports. All from `GET /v1/admin/statistics`.
 */
export function StatsScreen({ now = new Date() }: { now?: Date }) {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const staff = session.status === 'ready' && canManage(rolesOf(session));
  const [period, setPeriod] = useState<ReportPeriod>('month');
  const [buildingId, setBuildingId] = useState<string | null>(null);
  const range = useMemo(() => reportRange(period, now), [period, now]);
  const buildings = useRemote(queryKeys.overview(openid), getOverview, staff);
  const query = { from: range.from, to: range.to, grain: range.grain, ...(buildingId ? { buildingId } : {}) };
  const stats = useRemote(queryKeys.statistics(openid, range.from, range.to, range.grain, buildingId ?? ''), () => getStatistics(query), staff, { staleTimeMs: 0 });
  const labels = useMemo(
    () => ({ wechat: t('stats.channels.wechat'), cash: t('stats.channels.cash'), bank: t('stats.channels.bank_transfer'), recharge: t('stats.recharge'), refund: t('stats.refund'), consumption: t('stats.consumption') }),
    [t],
  );
  const view = stats.status === 'ready' ? stats.data : null;
  const channelOption = useMemo(() => (view ? channelChartOption(view, labels) : null), [view, labels]);
  const buildingOption = useMemo(() => (view && view.buildings.length > 0 ? buildingChartOption(view, labels) : null), [view, labels]);
  const error = firstError(session);
  return (
    <View className='page page--charts'>
      <View className='page__content'>
        <Text className='page-title'>{t('stats.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => void ensureSession()} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <View className='span-tabs' role='tablist'>
          {REPORT_PERIODS.map((key) => (
            <View key={key} id={`period-${key}`} role='tab' aria-selected={key === period} className={key === period ? 'span-tab is-active' : 'span-tab'} onClick={() => setPeriod(key)}>
              {t(`stats.periods.${key}`)}
            </View>
          ))}
        </View>
        {buildings.status === 'ready' && buildings.data.buildings.length > 1 ? (
          <View className='span-tabs stats-buildings-tabs' role='tablist'>
            {[null, ...buildings.data.buildings.map((b) => b.id)].map((id) => (
              <View key={id ?? 'all'} id={`building-tab-${id ?? 'all'}`} role='tab' aria-selected={id === buildingId} className={id === buildingId ? 'span-tab is-active' : 'span-tab'} onClick={() => setBuildingId(id)}>
                {id === null ? t('stats.allBuildings') : (buildings.data.buildings.find((b) => b.id === id)?.name ?? id)}
              </View>
            ))}
          </View>
        ) : null}
        <Text id='stats-range' className='charts-meter'>{t('stats.range', { from: range.from, to: range.to })}</Text>
        <RemoteView id='stats' state={stats}>
          {(data) => (
            <View id='stats' className='insights'>
              <Totals figures={data.totals} />
              <View className='chart-card'>
                <Text className='insight-card__title'>{t('stats.byChannel')}</Text>
                {channelOption ? <EChart id='stats-channel-chart' option={channelOption} label={t('stats.byChannelLabel')} /> : null}
              </View>
              {buildingOption ? (
                <View className='chart-card'>
                  <Text className='insight-card__title'>{t('stats.byBuilding')}</Text>
                  <EChart id='stats-building-chart' option={buildingOption} label={t('stats.byBuildingLabel')} height={Math.max(160, 64 + data.buildings.length * 56)} />
                  <View id='stats-buildings' className='stats-table'>
                    <View className='stats-row stats-row--head'>
                      <Text>{t('stats.building')}</Text>
                      <Text>{t('stats.recharge')}</Text>
                      <Text>{t('stats.refund')}</Text>
                      <Text>{t('stats.electricity')}</Text>
                      <Text>{t('stats.water')}</Text>
                    </View>
                    {data.buildings.map((b) => (
                      <View key={b.buildingId} id={`stats-building-${b.buildingId}`} className='stats-row'>
                        <Text>{b.name}</Text>
                        <Text>{yuan(b.recharge.fen)}</Text>
                        <Text>{yuan(b.refund.fen)}</Text>
                        <Text>{`${formatWhAsKwh(b.consumption.electricity.quantity)}`}</Text>
                        <Text>{`${formatLitresAsCubicMetres(b.consumption.water.quantity)}`}</Text>
                      </View>
                    ))}
                  </View>
                </View>
              ) : null}
            </View>
          )}
        </RemoteView>
        <View className='admin-links'>
          {(['adminIncome', 'adminExports'] as const).map((page) => (
            <Button key={page} id={page === 'adminIncome' ? 'stats-income' : 'stats-export'} className='card-link admin-link' onClick={() => void Taro.navigateTo({ url: pageUrl(page, { period, ...(buildingId ? { buildingId } : {}) }) })}>
              {t(page === 'adminIncome' ? 'stats.incomeLink' : 'stats.exportLink')}
            </Button>
          ))}
        </View>
      </View>
    </View>
  );
}

function Totals({ figures }: { figures: StatisticsFigures }) {
  const { t } = useT();
  const channels = (['wechat', 'cash', 'bank_transfer'] as const).map((key) => `${t(`stats.channels.${key}`)} ${yuan(figures.recharge.byChannel[key].fen)}`).join(' · ');
  return (
    <View id='stats-totals' className='insight-grid'>
      <View className='insight stats-net'>
        <Text className='insight__label'>{t('stats.net')}</Text>
        <Text id='stats-net' className='insight__value'>{yuan(figures.netIncomeFen)}</Text>
        <Text className='insight__note'>{t('stats.netNote')}</Text>
      </View>
      <View className='insight'>
        <Text className='insight__label'>{t('stats.rechargeCount', { count: figures.recharge.count })}</Text>
        <Text id='stats-recharge' className='insight__value'>{yuan(figures.recharge.fen)}</Text>
        <Text id='stats-channels' className='insight__note'>{channels}</Text>
      </View>
      <View className='insight'>
        <Text className='insight__label'>{t('stats.refundCount', { count: figures.refund.count })}</Text>
        <Text id='stats-refund' className='insight__value'>{yuan(figures.refund.fen)}</Text>
        <Text className='insight__note'>{t('stats.refundMethods', { wechat: yuan(figures.refund.byMethod.wechat.fen), cash: yuan(figures.refund.byMethod.cash.fen) })}</Text>
      </View>
      <View className='insight'>
        <Text className='insight__label'>{t('stats.electricity')}</Text>
        <Text id='stats-electricity' className='insight__value'>{formatWhAsKwh(figures.consumption.electricity.quantity)}</Text>
        <Text className='insight__note'>{t('stats.billed', { amount: yuan(figures.consumption.electricity.fen) })}</Text>
      </View>
      <View className='insight'>
        <Text className='insight__label'>{t('stats.water')}</Text>
        <Text id='stats-water' className='insight__value'>{formatLitresAsCubicMetres(figures.consumption.water.quantity)}</Text>
        <Text className='insight__note'>{t('stats.billed', { amount: yuan(figures.consumption.water.fen) })}</Text>
      </View>
    </View>
  );
}
