/**
 * Remote parameters of a meter that keeps its own balance: the thresholds it
 * acts on by itself, its two tariff schedules and their switch-over time,
 * and its clock. Set as commands (the same lifecycle and audit as supply
 * commands), read back from the meter and compared: what the meter holds is
 * checked, not assumed.
 */
import * as z from 'zod';
import type { AlarmFinding } from '../alarms/kinds';

const Fen = z.int().min(0).max(10_000_000);
/** A price in yuan per unit, up to 4 decimals (0.4883), as tariffs write it. */
const Price = z.string().regex(/^\d{1,3}(?:\.\d{1,4})?$/, 'must be a price in yuan with up to 4 decimals');
/** One schedule: the prices of rates 1..4 (尖, 峰, 平, 谷), 1 to 4 of them. */
const Rates = z.array(Price).min(1).max(4);

export const MeterParameters = z
  .strictObject({
    /** The balance at which the meter warns by itself (报警金额). */
    alarmThresholdFen: Fen.optional(),
    /** How far below zero the meter lets its balance go before it cuts (透支金额). */
    overdraftLimitFen: Fen.optional(),
    /** The balance above which the meter allows the supply back on (合闸允许金额). */
    closeAllowedFen: Fen.optional(),
    /** The two schedules of up to 4 rates and when the second takes over (两套费率 + 切换时间). */
    tariff: z.strictObject({ schedules: z.tuple([Rates, Rates]), switchAt: z.iso.datetime({ offset: true }) }).optional(),
    /** Sets the meter's clock to the platform's as the command goes out (校时). */
    clock: z.literal(true).optional(),
  })
  .refine((params) => Object.keys(params).length > 0, { message: 'name at least one parameter' });
export type MeterParameters = z.infer<typeof MeterParameters>;

/** What a meter reports it holds (and its clock, when it reported). */
export const ReportedParameters = z.strictObject({
  alarmThresholdFen: Fen.optional(),
  overdraftLimitFen: Fen.optional(),
  closeAllowedFen: Fen.optional(),
  tariff: z.strictObject({ schedules: z.tuple([Rates, Rates]), switchAt: z.iso.datetime({ offset: true }) }).optional(),
  clockAt: z.iso.datetime({ offset: true }).optional(),
});
export type ReportedParameters = z.infer<typeof ReportedParameters>;

/** A meter's clock within this of ours is right (a report takes its time to arrive). */
export const CLOCK_TOLERANCE_MS = 2 * 60_000;

/** `0.5380` and `0.538` are one price: compared as 10^-4 yuan. */
const priceUnits = (price: string) => {
  const [whole, fraction = ''] = price.split('.');
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, '0'));
};
const sameSchedules = (a: readonly (readonly string[])[], b: readonly (readonly string[])[]) =>
  a.length === b.length && a.every((rates, i) => rates.length === b[i]!.length && rates.every((price, j) => priceUnits(price) === priceUnits(b[i]![j]!)));

/**
 * The parameters the meter does not hold as set: each named once (`tariff`
 * when a price or the switch-over time differs, `clock` when the meter's
 * clock is off by more than {@link CLOCK_TOLERANCE_MS} when it reported at
 * `reportedAt`, and any set parameter it did not report).
 */
export function parameterDifferences(desired: MeterParameters, reported: ReportedParameters, reportedAt: Date): string[] {
  const differences: string[] = [];
  for (const key of ['alarmThresholdFen', 'overdraftLimitFen', 'closeAllowedFen'] as const) {
    if (desired[key] !== undefined && desired[key] !== reported[key]) differences.push(key);
  }
  if (desired.tariff) {
    const held = reported.tariff;
    if (!held || Date.parse(held.switchAt) !== Date.parse(desired.tariff.switchAt) || !sameSchedules(desired.tariff.schedules, held.schedules)) differences.push('tariff');
  }
  if (desired.clock && (reported.clockAt === undefined || Math.abs(Date.parse(reported.clockAt) - reportedAt.getTime()) > CLOCK_TOLERANCE_MS)) differences.push('clock');
  return differences;
}

const LABELS: Readonly<Record<string, string>> = {
  alarmThresholdFen: '报警金额',
  overdraftLimitFen: '透支金额',
  closeAllowedFen: '合闸允许金额',
  tariff: '费率与切换时间',
  clock: '时钟',
};

/** `params_mismatch`: the meter does not hold what it was last set to (a warning: it acts on its own thresholds). */
export function paramsMismatchFinding(differences: readonly string[], commandId: string): AlarmFinding | null {
  if (differences.length === 0) return null;
  return {
    kind: 'params_mismatch',
    severity: 'warning',
    message: `表内参数与下发不符：${differences.map((key) => LABELS[key] ?? key).join('、')}`,
    details: { differences: differences.join(','), commandId },
  };
}

/** `POST /v1/admin/meters/{meterId}/parameters` (and a building's): the parameters, and why (for the audit log). */
export const SetParametersRequest = z.strictObject({ params: MeterParameters, reason: z.string().min(1).max(200) });
export type SetParametersRequest = z.infer<typeof SetParametersRequest>;

export const ParametersView = z.object({
  desired: z.record(z.string(), z.unknown()).nullable(),
  setAt: z.string().nullable(),
  command: z.object({ id: z.string(), status: z.string() }).nullable(),
  reported: z.record(z.string(), z.unknown()).nullable(),
  reportedAt: z.string().nullable(),
  /** The parameters the meter does not hold as set (empty while nothing differs or nothing was reported). */
  differences: z.array(z.string()),
});
