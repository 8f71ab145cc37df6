export { PRESET_AMOUNTS_FEN } from './preset-amounts';
export { RECHARGE_PAGE_PATH, openRechargePage, rechargePageUrl } from './route';
export { runRecharge, type RechargeFlow, type RunOptions } from './run-recharge';
export {
  DEFAULT_POLL_TIMING,
  waitForSettlement,
  type PollTiming,
  type Settlement,
  type WaitOptions,
} from './wait-for-settlement';
