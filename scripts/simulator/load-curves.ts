/**
 * Daily load curves of a rented flat in Asia/Shanghai time (no daylight
 * saving): how much electricity and water one five-minute slot uses. Pure:
 * every random draw comes from a generator the caller keys by meter and slot.
 */
import { between, randomFor } from './random';

/** Consumption is decided per slot of simulated time; a slot's use is spread evenly over it. */
export const SLOT_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** What makes one household differ from the next, drawn once per meter. */
export interface HouseholdProfile {
  /** Multiplies the electricity curve: a single student or a family with air conditioning. */
  readonly powerScale: number;
  /** Shifts the day earlier or later (minutes). */
  readonly shiftMinutes: number;
  readonly waterLitresPerDay: number;
  readonly showersPerDay: number;
}

export function householdProfile(seed: number, meterId: string): HouseholdProfile {
  const random = randomFor(seed, meterId, 'profile');
  return {
    powerScale: between(random, 0.6, 1.25),
    shiftMinutes: between(random, -45, 45),
    waterLitresPerDay: between(random, 110, 260),
    showersPerDay: between(random, 0.5, 1.4),
  };
}

/** Local (Asia/Shanghai) hour of day, fractional, and whether it is a weekend. */
export function shanghaiTime(ms: number): { hour: number; weekend: boolean } {
  const local = new Date(ms + SHANGHAI_OFFSET_MS);
  const day = local.getUTCDay();
  return { hour: local.getUTCHours() + local.getUTCMinutes() / 60, weekend: day === 0 || day === 6 };
}

/** Typical household draw by local hour, in watts: a low night, a morning peak, a high evening peak. */
const WEEKDAY_POWER_W = [250, 220, 200, 200, 200, 220, 500, 1100, 900, 450, 350, 500, 600, 400, 350, 350, 400, 800, 1500, 2000, 2100, 1800, 1000, 500];

const interpolate = (curve: readonly number[], hour: number): number => {
  const base = Math.floor(hour) % 24;
  const next = (base + 1) % 24;
  const fraction = hour - Math.floor(hour);
  return (curve[base] ?? 0) * (1 - fraction) + (curve[next] ?? 0) * fraction;
};

/** Average electric power over the slot starting at `slotStartMs`, 150–2800 W. */
export function electricityPowerW(profile: HouseholdProfile, slotStartMs: number, random: () => number): number {
  const { hour, weekend } = shanghaiTime(slotStartMs - profile.shiftMinutes * 60_000);
  const atHome = weekend && hour >= 9 && hour < 17 ? 1.6 : 1;
  let watts = interpolate(WEEKDAY_POWER_W, hour) * atHome * profile.powerScale * between(random, 0.75, 1.25);
  // A kettle, a rice cooker or the air conditioner now and then while people are awake.
  if (hour >= 6 && hour < 23 && random() < 0.06) watts += between(random, 800, 1500);
  return Math.min(2800, Math.max(150, watts));
}

/** Share of a day's water by local hour (normalised below): mornings and evenings; the night is handled apart. */
const WATER_SHARE = [0, 0, 0, 0, 0, 0, 6, 10, 8, 4, 3, 4, 5, 3, 2, 2, 3, 5, 8, 10, 9, 7, 5, 2];
const WATER_SHARE_TOTAL = WATER_SHARE.reduce((sum, share) => sum + share, 0);
const SLOTS_PER_HOUR = HOUR_MS / SLOT_MS;
/** Shower windows (local hours) and the share of showers taken in each. */
const SHOWER_WINDOWS = [
  { from: 6.5, to: 8.5, share: 0.4 },
  { from: 19.5, to: 23, share: 0.6 },
] as const;

/** Litres used in the slot starting at `slotStartMs`: taps in bursts, an occasional shower, a rare night-time flush. */
export function waterSlotLitres(profile: HouseholdProfile, slotStartMs: number, random: () => number): number {
  const { hour } = shanghaiTime(slotStartMs - profile.shiftMinutes * 60_000);
  let litres = 0;
  const share = (WATER_SHARE[Math.floor(hour)] ?? 0) / WATER_SHARE_TOTAL;
  const burstChance = 0.45;
  if (random() < burstChance) litres += ((profile.waterLitresPerDay * 0.7 * share) / SLOTS_PER_HOUR / burstChance) * between(random, 0.5, 1.5);
  for (const window of SHOWER_WINDOWS) {
    if (hour < window.from || hour >= window.to) continue;
    const slots = (window.to - window.from) * SLOTS_PER_HOUR;
    if (random() < (profile.showersPerDay * window.share) / slots) litres += between(random, 35, 70);
  }
  if (hour < 6 && random() < 0.02) litres += 6;
  return litres;
}

/** DL/T 645 rate registers 1..4 (sharp, peak, flat, valley) by local hour, as a residential TOU meter keeps them. */
export function touRegisterAt(ms: number): 'rate1' | 'rate2' | 'rate3' | 'rate4' {
  const hour = Math.floor(shanghaiTime(ms).hour);
  if (hour >= 19 && hour < 21) return 'rate1';
  if ((hour >= 8 && hour < 11) || (hour >= 13 && hour < 19) || hour === 21) return 'rate2';
  if (hour >= 11 && hour < 13) return 'rate3';
  return 'rate4';
}
