export * from './kinds';
export * from './from-alarms';
export * from './message';
