/** Billing: what a reading does to a wallet (pure), over a meter's tariff timeline. */
export { billReading, UNPRICEABLE_REASONS, type UnpriceableReason, type BillingContext, type BillingDecision, type BillingState, type IncomingReading, type ReadingCharge } from './bill-reading';
export { tariffTimeline, versionAt, type TariffAssignment } from './timeline';
export { billLateReading, REALLOCATION_LABEL, type AcceptedReading, type LateBillingDecision, type MeterHistory, type ReadingRevision } from './late-reading';
