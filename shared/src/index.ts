export * from './errors';
export * from './money';
export * from './ports';
export * from './api';
