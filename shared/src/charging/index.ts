/** Charging: exact costs rounded to whole fen with the fraction carried forward, and a pure wallet model. */
export { applyCharge, type AppliedCharge } from './apply-charge';
export { chargeWallet, creditWallet, EMPTY_WALLET, type WalletEntry, type WalletState } from './wallet';
