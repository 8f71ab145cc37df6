export { formatBalance, formatYuanLabel, parseYuanToFen } from './money';
export { UTILITY_LABELS, describeLocation, describeSupply } from './meter-labels';
export { formatLitresAsCubicMetres, formatReadingValue, formatShanghaiTime, formatWhAsKwh } from './reading';
export { describeDaysLeft, meterNotice, type MeterNotice, type NoticeLevel } from './meter-notice';
