import { Text, View } from '@tarojs/components';
import { formatFenAsYuan } from '@prepaid/shared';
import { useMemo, useState } from 'react';
import { ApiErrorView, SessionNotice, firstError } from '../../components';
import { queryKeys } from '../../data';
import { REPORT_PERIODS, formatShanghaiTime, reportRange, type ReportPeriod } from '../../format';
import { useRemotePages, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { ensureSession } from '../../session';
import { listIncome } from '../api';
import { Chips } from '../chips';
import { PagedList } from '../paged-list';
import { useStaffNames } from '../staff-names';
import '../admin.css';

type Kind = 'recharge' | 'refund' | 'adjustment' | 'reversal';
const KINDS: readonly (Kind | null)[] = [null, 'recharge', 'refund', 'adjustment', 'reversal'];

/**
 * Income details (`#income`): every recharge, refund, correction and
 * reversal of a span in the manager's buildings, with its method and who
 * recorded it, a page at a time — what the statistics add up, line by line.
 */
export function IncomeScreen({ initialPeriod = 'month', buildingId = null, now = new Date() }: { initialPeriod?: ReportPeriod; buildingId?: string | null; now?: Date }) {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const nameOf = useStaffNames();
  const [period, setPeriod] = useState<ReportPeriod>(initialPeriod);
  const [kind, setKind] = useState<Kind | null>(null);
  const range = useMemo(() => reportRange(period, now), [period, now]);
  const pages = useRemotePages(
    queryKeys.income(openid, range.from, range.to, buildingId ?? 'all', kind ?? 'all'),
    (cursor) => listIncome({ from: range.from, to: range.to, ...(buildingId ? { buildingId } : {}), ...(kind ? { kind } : {}), ...(cursor ? { cursor } : {}) }),
    openid !== '',
  );
  const error = firstError(session) ?? (pages.status === 'error' ? pages.error : null);
  return (
    <View className='page'>
      <View className='page__content'>
        <Text className='page-title'>{t('income.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => void ensureSession()} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <Chips id='income-period' label={t('exports.period')} value={period} onChange={setPeriod} choices={REPORT_PERIODS.map((p) => [`income-period-${p}`, p, t(`stats.periods.${p}`)] as const)} />
        <Chips id='income-kind' label={t('income.kind')} value={kind} onChange={setKind} choices={KINDS.map((k) => [`income-kind-${k ?? 'all'}`, k, t(`income.kinds.${k ?? 'all'}`)] as const)} />
        <Text id='income-range' className='admin-item__sub'>{t('stats.range', { from: range.from, to: range.to })}</Text>
        <PagedList id='income' pages={pages} empty={t('income.none')}>
          {(item) => (
            <View key={item.entryId} id={`income-${item.entryId}`} className='admin-item' data-kind={item.kind}>
              <View className='admin-item__main'>
                <Text className='admin-item__title'>{`${t(`income.kinds.${item.kind}`)}${item.method ? ` · ${t(`income.methods.${item.method}` as 'income.methods.cash', { defaultValue: item.method })}` : ''}`}</Text>
                <Text className={`admin-item__value${item.amountFen < 0 ? ' is-negative' : ''}`}>{`${item.amountFen < 0 ? '-' : '+'}¥${formatFenAsYuan(Math.abs(item.amountFen))}`}</Text>
              </View>
              <Text className='admin-item__sub'>{`${item.room ? t('income.room', { room: item.room }) : ''}${item.meterId} · ${formatShanghaiTime(item.at)}`}</Text>
              <Text className='admin-item__sub'>{t('income.by', { who: item.operator?.startsWith('wechat:') ? t('income.tenantPaid') : nameOf(item.operator) })}</Text>
              {item.reason || item.reference ? <Text className='admin-item__sub'>{item.reason ?? item.reference}</Text> : null}
            </View>
          )}
        </PagedList>
      </View>
    </View>
  );
}
