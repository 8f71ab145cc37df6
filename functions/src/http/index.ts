export * from './error-mapper';
export * from './parse';
export * from './route';
export * from './types';
export * from './declared';
