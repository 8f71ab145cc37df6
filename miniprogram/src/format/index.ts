export { formatBalance, formatYuanLabel, parseYuanToFen } from './money';
export { UTILITY_LABELS, describeLocation, describeSupply } from './meter-labels';
export { formatLitresAsCubicMetres, formatReadingValue, formatShanghaiTime, formatWhAsKwh } from './reading';
export { describeDaysLeft, meterNotice, type MeterNotice, type NoticeLevel } from './meter-notice';
export { REPORT_PERIODS, reportRange, type ReportPeriod, type ReportRange } from './report-periods';
