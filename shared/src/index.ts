export * from './errors';
export * from './money';
export * from './ports';
export * from './api';
export * from './tariff';
export * from './readings';
export * from './charging';
export * from './billing';
