/** One simulated meter: what the API knows about it, and where its register starts. */
export interface SimMeter {
  readonly meterId: string;
  readonly utility: 'electricity' | 'water';
  readonly protocol: 'dlt645' | 'cjt188';
  /** The communication address (12 digits DL/T 645, 14 digits CJ/T 188; shorter is zero-padded). */
  readonly address: string;
  readonly platform: 'ctwing' | 'onenet';
  readonly deviceId: string;
  /** 15 digits, sent as the push's IMEI when given. */
  readonly imei?: string;
  /** The cumulative register at the start, in Wh (electricity) or L (water); rounded up to the codecs' 10. */
  readonly startValue: number;
}

/** Knobs of {@link startSimulator}; only `apiUrl`, `port` and `meters` are required. */
export interface SimulatorOptions {
  /** The API whose webhooks receive the pushes, e.g. `http://127.0.0.1:3000`. */
  readonly apiUrl: string;
  /** 0 lets the OS choose. */
  readonly port: number;
  readonly meters: readonly SimMeter[];
  /** Simulated seconds per real second (600: ten simulated minutes a second). */
  readonly speed?: number;
  /** Simulated minutes between two reports of a meter (60). */
  readonly reportEveryMinutes?: number;
  /** Makes consumption, outages and delays repeatable; random when absent. */
  readonly seed?: number;
  /** Receives one line per notable event (commands, outages, failed pushes). */
  readonly log?: (line: string) => void;
  /** Simulated time at the start, in ms since the epoch (now). */
  readonly startAtMs?: number;
  /** Chance that an online meter drops off the network at one of its reports (0.003). */
  readonly offlineProbability?: number;
  /** How long an outage lasts, in simulated hours: [min, max] ([2, 6]). */
  readonly offlineHours?: readonly [number, number];
  /** Every n-th report of an electricity meter carries the rate 1..4 registers too (4). */
  readonly ratesEveryReports?: number;
  /** Simulated delay between a command reaching an awake meter and the meter acting on it (90 s). */
  readonly commandDelaySimSeconds?: number;
  /** Pushes in flight at once, over all meters (4). */
  readonly maxPushesInFlight?: number;
  /** Real ms between two steps of the simulation (200). */
  readonly tickMs?: number;
  /** CTWing push token (`?token=`) and OneNET signing token; the local defaults otherwise. */
  readonly ctwingToken?: string;
  readonly onenetToken?: string;
}

/** A meter as `GET /state` shows it. */
export interface MeterStateView {
  readonly meterId: string;
  readonly deviceId: string;
  readonly utility: 'electricity' | 'water';
  readonly platform: 'ctwing' | 'onenet';
  /** What the register shows (a multiple of 10), and its unit. */
  readonly value: number;
  readonly unit: 'Wh' | 'L';
  readonly registers?: Readonly<Record<'rate1' | 'rate2' | 'rate3' | 'rate4', number>>;
  readonly supply: 'on' | 'off';
  readonly keepOn: boolean;
  readonly online: boolean;
  readonly offlineUntil: string | null;
  readonly heldCommands: number;
  readonly lastReportAt: string | null;
  readonly pushes: { readonly ok: number; readonly failed: number; readonly queued: number };
}

/** The whole simulation as `GET /state` shows it. */
export interface SimulatorStateView {
  readonly simulatedAt: string;
  readonly speed: number;
  readonly reportEveryMinutes: number;
  readonly meters: readonly MeterStateView[];
}

/** A running simulator. */
export interface Simulator {
  readonly url: string;
  /** The simulated time now. */
  now(): Date;
  state(): SimulatorStateView;
  /** Takes a meter off the network for `simHours` (until `setOnline`, when absent). */
  setOffline(meterId: string, simHours?: number): void;
  setOnline(meterId: string): void;
  /** Stops the clock and the server; waits for the pushes in flight. */
  stop(): Promise<void>;
}
