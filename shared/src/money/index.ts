export * from './format';
export * from './price';
export * from './divide';
export * from './allocate';
export * from './amount';
export * from './cost';
