/** Chinese, the app's first language: every string a tenant reads, by page. */
export const zh = {
  common: {
    loading: '加载中…',
    retry: '重试',
    electricity: '电表',
    water: '水表',
    kwh: 'kWh',
    m3: 'm³',
    yuan: '元',
    noMeters: '还没有绑定表计',
    back: '返回',
  },
  language: { title: '语言 Language', zh: '中文', en: 'English' },
  charts: {
    title: '用量分析',
    spans: { day: '今日', week: '7天', month: '30天', year: '12个月', years: '3年' },
    quantity: '用量',
    cost: '费用',
    total: '本期用量 {{quantity}} · 费用 {{cost}}',
    change: '比上期 {{sign}}{{percent}}%',
    noPrevious: '上期无用量，无法比较',
    empty: '这段时间还没有用量',
    chartLabel: '{{span}}用量柱状图与费用折线图',
    open: '用量分析 ›',
    thisMonth: '本月已用',
    forecast: '本月预计',
    forecastNone: '本月刚开始，明天起预测',
    lastMonthPrice: '上月均价',
    lastMonthNone: '上月无用量',
    tier: '阶梯进度（{{cycle}}）',
    cycleMonth: '按月',
    cycleYear: '按年',
    tierNow: '第 {{tier}} 档 · {{price}} 元/{{unit}}',
    tierToNext: '再用 {{quantity}} 进入第 {{next}} 档（{{price}} 元/{{unit}}）',
    tierLast: '已是最高档',
    tou: '本月分时用量',
    periods: { sharp: '尖', peak: '峰', flat: '平', valley: '谷', deep_valley: '深谷' },
    tips: '节能建议',
    tipNightFlow: '近 7 晚有 {{nights}} 晚凌晨 1–5 点一直在用水（每晚约 {{litres}} 升），请检查马桶、水管是否漏水。',
    tipStandby: '用电从未低于 {{watts}} 瓦，一个月约 {{kwh}} kWh：检查热水器、旧冰箱或一直待机的电器。',
    tipAboveUsual: '本月预计用 {{forecast}}，比前几个月平均（{{usual}}）多 {{percent}}%。',
    noTips: '用量正常，暂无建议。',
  },
} as const;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every language fills. */
export type Messages = Widen<typeof zh>;
