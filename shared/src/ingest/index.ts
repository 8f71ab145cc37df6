/** Ingest: what one meter push does, decided in one pure function from the meter's loaded state. */
export { decidePush, isLate, PRESENCE_WRITE_EVERY_MS, type MeterPush, type PushDecision, type PushFacts, type PushMeterFacts, type PushWalletFacts, type ReadingVerdict, type UsageDelta } from './decide-push';
