/**
 * Tariffs: validation of the CONTRACT.md bodies (flat, tiered, time-of-use,
 * with seasons and per-unit components) and exact, pure pricing of the
 * consumption between two readings.
 */
export { FlatTariff, Tariff, TariffTier, TieredTariff, type TariffKind } from './schema';
export { PriceText, TariffComponent } from './common-schema';
export { TOU_PERIODS, TouPeriod, TouPeriodPrices, TouScheduleEntry, TouSchedule, TouSeason, TouTariff } from './tou-schema';
export { parseTariff } from './parse';
export { cycleBounds, cycleKey, proRatedThreshold, type CycleBounds, type TierCycle } from './cycle';
export { thresholdBaseUnits } from './tiers';
export { priceConsumption } from './price-consumption';
export { priceWithVersions, type TariffVersion } from './versions';
export { MAX_TOU_INTERVAL_MS } from './tou';
export type { PriceItem, PricingInput, PricingResult } from './pricing-types';
export { shanghaiCalendar, shanghaiMidnightMs, startOfShanghaiDayMs, type ShanghaiCalendar } from './shanghai-time';
export { benchCases, type BenchCase } from './bench-cases';
