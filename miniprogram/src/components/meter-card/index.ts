export { MeterCard, type MeterCardProps } from './meter-card';
