import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { formatFenAsYuan, type ExportRequest, type ExportView } from '@prepaid/shared';
import { useMemo, useState } from 'react';
import { asApiError, getOverview, type ApiError } from '../../api';
import { ApiErrorView, RemoteView, SessionNotice, firstError } from '../../components';
import { queryClient, queryKeys } from '../../data';
import { REPORT_PERIODS, formatShanghaiTime, reportRange, type ReportPeriod } from '../../format';
import { useRemote, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { canManage, ensureSession, rolesOf } from '../../session';
import { listExports, startExport } from '../api';
import { Chips } from '../chips';
import { downloadExport } from './download';
import '../admin.css';

type Kind = ExportRequest['kind'];

/**
 * What can be exported (the API's EXPORT_KINDS, checked by type): written out
 * here, because importing the shared value would bring the request schemas and
 * zod into the mini-program's main package.
 */
const EXPORT_KINDS = ['ledger', 'recharges', 'consumption', 'alarms'] as const satisfies readonly Kind[];

/**
 * Exports (`#exports`): what (ledger, recharges, daily use, alarms), which
 * span and building, which format; "start" asks the API for a job, and the
 * list of the manager's exports (`#export-list`) follows it every 1.5 s
 * while any is being written, then offers the download.
 */
export function ExportsScreen({ initialPeriod = 'month', initialBuilding = null, now = new Date() }: { initialPeriod?: ReportPeriod; initialBuilding?: string | null; now?: Date }) {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const staff = session.status === 'ready' && canManage(rolesOf(session));
  const [kind, setKind] = useState<Kind>('ledger');
  const [period, setPeriod] = useState<ReportPeriod>(initialPeriod);
  const [buildingId, setBuildingId] = useState<string | null>(initialBuilding);
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const range = useMemo(() => reportRange(period, now), [period, now]);
  const buildings = useRemote(queryKeys.overview(openid), getOverview, staff);
  const exports = useRemote(queryKeys.exports(openid), listExports, staff, {
    staleTimeMs: 0,
    refetchEveryMs: (data) => (data?.items.some((item) => item.status === 'running') ? 1_500 : false),
  });
  const start = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await startExport({ kind, from: range.from, to: range.to, format, ...(buildingId ? { buildingId } : {}) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.exports(openid) });
    } catch (error) {
      setFailure(asApiError(error));
    } finally {
      setBusy(false);
    }
  };
  const error = firstError(session);
  const buildingChoices = buildings.status === 'ready' ? buildings.data.buildings : [];
  return (
    <View className='page'>
      <View className='page__content'>
        <Text className='page-title'>{t('exports.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => void ensureSession()} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <View id='exports' className='admin-form'>
          <Text className='admin-item__sub'>{t('exports.kind')}</Text>
          <Chips id='export-kind' label={t('exports.kind')} value={kind} onChange={setKind} choices={EXPORT_KINDS.map((k) => [`export-kind-${k}`, k, t(`exports.kinds.${k}`)] as const)} />
          <Text className='admin-item__sub'>{t('exports.period')}</Text>
          <Chips id='export-period' label={t('exports.period')} value={period} onChange={setPeriod} choices={REPORT_PERIODS.map((p) => [`export-period-${p}`, p, t(`stats.periods.${p}`)] as const)} />
          <Text id='export-range' className='admin-item__sub'>{t('stats.range', { from: range.from, to: range.to })}</Text>
          {buildingChoices.length > 1 ? (
            <>
              <Text className='admin-item__sub'>{t('exports.building')}</Text>
              <Chips
                id='export-building'
                label={t('exports.building')}
                value={buildingId}
                onChange={setBuildingId}
                choices={[['export-building-all', null, t('stats.allBuildings')] as const, ...buildingChoices.map((b) => [`export-building-${b.id}`, b.id as string | null, b.name] as const)]}
              />
            </>
          ) : null}
          <Text className='admin-item__sub'>{t('exports.format')}</Text>
          <Chips id='export-format' label={t('exports.format')} value={format} onChange={setFormat} choices={(['xlsx', 'csv'] as const).map((f) => [`export-format-${f}`, f, t(`exports.formats.${f}`)] as const)} />
          {failure ? <ApiErrorView error={failure} onRetry={() => void start()} /> : null}
          <Button id='export-start' className='primary-button' {...(busy || !staff ? { disabled: true } : {})} onClick={() => void start()}>
            {busy ? t('exports.starting') : t('exports.start')}
          </Button>
          <Text className='admin-item__sub'>{t('exports.note')}</Text>
        </View>
        <Text className='admin-section'>{t('exports.mine')}</Text>
        <RemoteView id='export-list' state={exports} isEmpty={(data) => data.items.length === 0} empty={<Text id='export-list-empty' className='list-end'>{t('exports.none')}</Text>}>
          {(data) => (
            <View id='export-list' className='admin-list'>
              {data.items.map((item) => (
                <ExportItem key={item.id} item={item} buildingName={buildingChoices.find((b) => b.id === item.buildingId)?.name ?? null} />
              ))}
            </View>
          )}
        </RemoteView>
      </View>
    </View>
  );
}

function ExportItem({ item, buildingName }: { item: ExportView; buildingName: string | null }) {
  const { t } = useT();
  const download = async () => {
    if (!item.url) return;
    const outcome = await downloadExport(item.url, item.format);
    if (outcome !== 'started') void Taro.showToast({ title: t(outcome === 'copied' ? 'exports.copied' : 'exports.saved'), icon: 'none' });
  };
  return (
    <View id={`export-${item.id}`} className='admin-item' data-status={item.status}>
      <Text className='admin-item__title'>{`${t(`exports.kinds.${item.kind}`)} · ${item.format === 'xlsx' ? 'Excel' : 'CSV'}`}</Text>
      <Text className='admin-item__sub'>{`${item.from} ~ ${item.to} · ${buildingName ?? (item.buildingId ?? t('stats.allBuildings'))}`}</Text>
      <Text className='admin-item__sub'>{formatShanghaiTime(item.createdAt)}</Text>
      {item.status === 'running' ? <Text className='export-status'>{t('exports.running')}</Text> : null}
      {item.status === 'failed' ? <Text className='export-status is-failed'>{t('exports.failed', { error: item.error ?? '' })}</Text> : null}
      {item.status === 'done' ? (
        <View className='export-done'>
          <Text id={`export-rows-${item.id}`} className='export-status'>{t('exports.done', { rows: item.rows ?? 0 })}</Text>
          {item.totalFen !== undefined && item.kind !== 'alarms' ? <Text id={`export-total-${item.id}`} className='admin-item__sub'>{t('exports.total', { amount: `¥${formatFenAsYuan(item.totalFen)}` })}</Text> : null}
          <Button id={`export-download-${item.id}`} className='secondary-action' disabled={!item.url} onClick={() => void download()}>
            {t('exports.download')}
          </Button>
        </View>
      ) : null}
    </View>
  );
}
