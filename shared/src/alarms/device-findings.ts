/**
 * Findings for what a device reports of itself rather than of the money or
 * the meter's register: a circuit that tripped, a gateway gone silent.
 */
import type { AlarmFinding } from './kinds';

/** Why a circuit's breaker or relay opened, as multi-circuit terminals report it. */
export const TRIP_CAUSES = ['malicious_load', 'overload', 'short_circuit', 'leakage', 'overvoltage', 'undervoltage'] as const;
export type TripCause = (typeof TRIP_CAUSES)[number];

const CAUSE_LABELS: Readonly<Record<TripCause, string>> = {
  malicious_load: '违规电器',
  overload: '超功率',
  short_circuit: '短路',
  leakage: '漏电',
  overvoltage: '过压',
  undervoltage: '欠压',
};

/**
 * Causes after which the circuit stays off until a person has looked: a
 * forbidden appliance, a short or a leak is not cured by switching back on.
 */
export const HOLDING_TRIP_CAUSES: ReadonlySet<TripCause> = new Set(['malicious_load', 'short_circuit', 'leakage']);

/** One trip of one circuit. */
export interface CircuitTrip {
  readonly cause: TripCause;
  /** The load the terminal measured when it tripped, in W. */
  readonly powerW?: number;
  /** The circuit's limit, in W, when the terminal says. */
  readonly limitW?: number;
  /** What the circuit feeds (照明, 插座, 空调), when known. */
  readonly circuitLabel?: string | null;
  readonly at: Date;
}

/** The circuit's name in a sentence: `照明回路`, or `回路` when it has no label. */
const circuitName = (label: string | null | undefined) => `${label ?? ''}回路`;

/**
 * `circuit_trip`: a circuit of a terminal opened by its own protection. A
 * forbidden appliance is a warning for the manager (the dormitory's rules)
 * and the tenant (why the lights went out); a short or a leak is critical.
 *
 * @example circuitTripFinding({ cause: 'malicious_load', powerW: 1500, limitW: 300, circuitLabel: '照明', at }).message
 *   // '照明回路检测到违规电器（1500W，限300W），已断电'
 */
export function circuitTripFinding(trip: CircuitTrip): AlarmFinding {
  const atMs = trip.at instanceof Date ? trip.at.getTime() : Number.NaN;
  if (Number.isNaN(atMs)) throw new RangeError('trip.at must be a valid Date');
  const load = trip.powerW !== undefined ? `（${trip.powerW}W${trip.limitW !== undefined ? `，限${trip.limitW}W` : ''}）` : '';
  return {
    kind: 'circuit_trip',
    severity: trip.cause === 'short_circuit' || trip.cause === 'leakage' ? 'critical' : 'warning',
    message: `${circuitName(trip.circuitLabel)}检测到${CAUSE_LABELS[trip.cause]}${load}，已断电`,
    details: {
      cause: trip.cause,
      at: new Date(atMs).toISOString(),
      ...(trip.powerW !== undefined ? { powerW: trip.powerW } : {}),
      ...(trip.limitW !== undefined ? { limitW: trip.limitW } : {}),
      ...(trip.circuitLabel ? { circuit: trip.circuitLabel } : {}),
    },
  };
}

/**
 * What the tenant is told with a trip (a `supply_cut` notice's tip, at most
 * a WeChat `thing`'s 20 characters): what happened and what to do.
 *
 * @example tripTip({ cause: 'malicious_load', circuitLabel: '照明', at }) // '照明回路违规电器断电，请联系管理员'
 */
export function tripTip(trip: Pick<CircuitTrip, 'cause' | 'circuitLabel'>): string {
  const after = HOLDING_TRIP_CAUSES.has(trip.cause) ? '请联系管理员' : '请减少用电';
  return `${circuitName(trip.circuitLabel)}${CAUSE_LABELS[trip.cause]}断电，${after}`;
}

/**
 * `gateway_offline`: a gateway (and every meter behind it) has not been heard
 * from for longer than it may be silent. One alarm for the gateway, not one
 * per meter: its meters' own silence is the gateway's.
 */
export function gatewayOfflineFinding(gateway: { readonly name: string; readonly lastSeenAt: string | null; readonly meters: number }): AlarmFinding {
  return {
    kind: 'gateway_offline',
    severity: 'critical',
    message: `网关「${gateway.name}」离线，其下 ${gateway.meters} 块表无法通信`,
    details: { meters: gateway.meters, ...(gateway.lastSeenAt ? { lastSeenAt: gateway.lastSeenAt } : {}) },
  };
}
