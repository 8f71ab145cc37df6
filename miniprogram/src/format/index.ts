export { formatBalance, formatYuanLabel } from './money';
export { UTILITY_LABELS, describeLocation, describeSupply } from './meter-labels';
export { formatLitresAsCubicMetres, formatReadingValue, formatShanghaiTime, formatWhAsKwh } from './reading';
