import { Text, View } from '@tarojs/components';
import { useMemo, useState } from 'react';
import { getUsage, getUsageInsights } from '../../api';
import { ApiErrorView, RemoteView, SessionNotice, firstError } from '../../components';
import { queryKeys } from '../../data';
import { UTILITY_LABELS, describeLocation, formatBalance } from '../../format';
import { useMeter, useRemote, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { ensureSession } from '../../session';
import { EChart } from './echart';
import { formatQuantity } from './format';
import { InsightCards } from './insight-cards';
import { SPANS, changePercent, rangesOf, type Span } from './periods';
import { usageChartOption } from './usage-chart-option';
import './charts.css';

/**
 * A meter's usage (`#usage-chart`): today by hour, 7 or 30 days by day, 12 or
 * 36 months by month, as bars of quantity and a line of cost; the period's
 * total against the one before (`#usage-total`, `#usage-change`); then the
 * insights. Everything comes from the usage aggregates through two routes.
 */
export function ChartsScreen({ meterId, now = new Date() }: { meterId: string; now?: Date }) {
  const { t, language } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const [span, setSpan] = useState<Span>('week');
  const ranges = useMemo(() => rangesOf(span, now), [span, now]);
  const meter = useMeter(session, meterId);
  const enabled = openid !== '' && meterId !== '';
  const current = useRemote(queryKeys.usage(openid, meterId, ranges.current), () => getUsage(meterId, ranges.current), enabled);
  const previous = useRemote(queryKeys.usage(openid, meterId, ranges.previous), () => getUsage(meterId, ranges.previous), enabled);
  const insights = useRemote(queryKeys.insights(openid, meterId), () => getUsageInsights(meterId), enabled);
  const labels = useMemo(() => ({ quantity: t('charts.quantity'), cost: t('charts.cost'), yuan: t('common.yuan') }), [t]);
  const usage = current.status === 'ready' ? current.data : null;
  const option = useMemo(() => (usage ? usageChartOption(usage, labels) : null), [usage, labels]);
  const error = firstError(session, meter);
  const utility = meter.status === 'ready' ? UTILITY_LABELS[meter.data.utility] : null;
  return (
    <View className='page page--charts'>
      <View className='page__content'>
        <Text className='page-title'>{t('charts.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => { void ensureSession(); meter.reload(); }} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        {meter.status === 'ready' ? (
          <Text id='charts-meter' className='charts-meter'>{`${language === 'en' ? utility?.en : utility?.zh} ${meter.data.id} ${describeLocation(meter.data) ?? ''}`}</Text>
        ) : null}
        <View className='span-tabs' role='tablist'>
          {SPANS.map((key) => (
            <View key={key} id={`span-${key}`} role='tab' aria-selected={key === span} className={key === span ? 'span-tab is-active' : 'span-tab'} onClick={() => setSpan(key)}>
              {t(`charts.spans.${key}`)}
            </View>
          ))}
        </View>
        <View className='chart-card'>
          <RemoteView id='usage' state={current}>
            {(usage) => (
              <>
                <Text id='usage-total' className='usage-total'>
                  {t('charts.total', { quantity: formatQuantity(usage.total.quantity, usage.unit), cost: formatBalance(usage.total.costFen) })}
                </Text>
                {previous.status === 'ready' ? <ChangeLine current={usage.total.quantity} previous={previous.data.total.quantity} /> : null}
                {usage.total.quantity === 0 ? <Text className='insight__note'>{t('charts.empty')}</Text> : null}
                {option ? <EChart id='usage-chart' option={option} label={t('charts.chartLabel', { span: t(`charts.spans.${span}`) })} /> : null}
              </>
            )}
          </RemoteView>
        </View>
        <RemoteView id='insights' state={insights}>
          {(data) => <InsightCards insights={data} />}
        </RemoteView>
      </View>
    </View>
  );
}

function ChangeLine({ current, previous }: { current: number; previous: number }) {
  const { t } = useT();
  const percent = changePercent(current, previous);
  if (percent === null) return <Text id='usage-change' className='usage-change'>{t('charts.noPrevious')}</Text>;
  return (
    <Text id='usage-change' className={percent > 0 ? 'usage-change is-up' : 'usage-change is-down'}>
      {t('charts.change', { sign: percent > 0 ? '+' : '', percent })}
    </Text>
  );
}
