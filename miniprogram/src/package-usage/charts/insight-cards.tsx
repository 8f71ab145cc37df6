import { Text, View } from '@tarojs/components';
import type { UsageInsightsView } from '@prepaid/shared';
import { formatBalance } from '../../format';
import { useT } from '../../i18n';
import { formatQuantity, priceUnit } from './format';

/**
 * What the usage page says besides the chart (`#insights`): this month so far
 * and forecast, last month's average price, tier progress (`#tier-progress`),
 * the time-of-use split (`#tou-split`) and tips (`#usage-tips`).
 */
export function InsightCards({ insights }: { insights: UsageInsightsView }) {
  const { t } = useT();
  const { unit } = insights;
  const perUnit = priceUnit(unit);
  return (
    <View id='insights' className='insights'>
      <View className='insight-grid'>
        <View className='insight'>
          <Text className='insight__label'>{t('charts.thisMonth')}</Text>
          <Text id='this-month' className='insight__value'>{formatQuantity(insights.thisMonth.quantity, unit)}</Text>
          <Text className='insight__note'>{formatBalance(insights.thisMonth.costFen)}</Text>
        </View>
        <View className='insight'>
          <Text className='insight__label'>{t('charts.forecast')}</Text>
          {insights.forecast ? (
            <>
              <Text id='forecast' className='insight__value'>{formatQuantity(insights.forecast.quantity, unit)}</Text>
              <Text className='insight__note'>{formatBalance(insights.forecast.costFen)}</Text>
            </>
          ) : (
            <Text className='insight__note'>{t('charts.forecastNone')}</Text>
          )}
        </View>
        <View className='insight'>
          <Text className='insight__label'>{t('charts.lastMonthPrice')}</Text>
          {insights.lastMonth.averagePrice ? (
            <Text id='last-month-price' className='insight__value'>{`${insights.lastMonth.averagePrice} ${t('common.yuan')}/${perUnit}`}</Text>
          ) : (
            <Text className='insight__note'>{t('charts.lastMonthNone')}</Text>
          )}
        </View>
      </View>
      {insights.tier ? <TierProgress tier={insights.tier} unit={unit} /> : null}
      {insights.tou ? <TouSplit tou={insights.tou} unit={unit} /> : null}
      <View id='usage-tips' className='insight-card'>
        <Text className='insight-card__title'>{t('charts.tips')}</Text>
        {insights.tips.length === 0 ? <Text className='insight__note'>{t('charts.noTips')}</Text> : null}
        {insights.tips.map((tip) => (
          <Text key={tip.kind} className={`usage-tip usage-tip--${tip.kind}`}>
            {tip.kind === 'night_flow'
              ? t('charts.tipNightFlow', { nights: tip.nights, litres: tip.litresPerNight })
              : tip.kind === 'standby'
                ? t('charts.tipStandby', { watts: tip.watts, kwh: tip.kwhPerMonth })
                : t('charts.tipAboveUsual', { forecast: formatQuantity(tip.forecastQuantity, unit), usual: formatQuantity(tip.usualQuantity, unit), percent: tip.percentAbove })}
          </Text>
        ))}
      </View>
    </View>
  );
}

function TierProgress({ tier, unit }: { tier: NonNullable<UsageInsightsView['tier']>; unit: 'Wh' | 'L' }) {
  const { t } = useT();
  const current = tier.tiers[tier.current - 1]!;
  const next = tier.tiers[tier.current];
  const start = tier.tiers[tier.current - 2]?.upTo ?? 0;
  // The bar's width only (display): how far through the current tier the cycle is.
  const percent = current.upTo === null ? 100 : Math.min(100, Math.round(((tier.used - start) * 100) / (current.upTo - start)));
  return (
    <View id='tier-progress' className='insight-card'>
      <Text className='insight-card__title'>{t('charts.tier', { cycle: t(tier.cycle === 'month' ? 'charts.cycleMonth' : 'charts.cycleYear') })}</Text>
      <Text className='tier-now'>{t('charts.tierNow', { tier: tier.current, price: current.price, unit: priceUnit(unit) })}</Text>
      <View className='tier-bar' role='progressbar' aria-label={t('charts.tierNow', { tier: tier.current, price: current.price, unit: priceUnit(unit) })} aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <View className='tier-bar__fill' style={{ width: `${percent}%` }} />
      </View>
      <Text id='tier-to-next' className='insight__note'>
        {tier.toNext === null || !next ? t('charts.tierLast') : t('charts.tierToNext', { quantity: formatQuantity(tier.toNext, unit), next: tier.current + 1, price: next.price, unit: priceUnit(unit) })}
      </Text>
    </View>
  );
}

function TouSplit({ tou, unit }: { tou: NonNullable<UsageInsightsView['tou']>; unit: 'Wh' | 'L' }) {
  const { t } = useT();
  const total = tou.periods.reduce((sum, period) => sum + period.quantity, 0);
  return (
    <View id='tou-split' className='insight-card'>
      <Text className='insight-card__title'>{t('charts.tou')}</Text>
      {tou.periods.map((period) => (
        <View key={period.period} className='tou-row'>
          <Text className='tou-row__name'>{t(`charts.periods.${period.period}` as 'charts.periods.peak', { defaultValue: period.period })}</Text>
          <Text className='tou-row__value'>{`${formatQuantity(period.quantity, unit)}${total > 0 ? ` · ${Math.round((period.quantity * 100) / total)}%` : ''}`}</Text>
          <Text className='tou-row__price'>{`${period.price} ${t('common.yuan')}/${priceUnit(unit)}`}</Text>
        </View>
      ))}
    </View>
  );
}
