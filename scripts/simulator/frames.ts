/**
 * The meter side of the wire: reading a command frame the platform hands to
 * a meter, and building the frames a meter sends back (reports and answers).
 */
import {
  CJT188_CONTROL,
  CJT188_VALVE_CODES,
  DLT645_CONTROL,
  decodeDlt645ControlData,
  encodeCjt188Answer,
  encodeDlt645Answer,
  meterTimeFromDate,
  parseCjt188Frame,
  parseDlt645Frame,
  type Cjt188Status,
  type Dlt645ControlAction,
} from '@prepaid/shared';
import type { SimMeter } from './types';

/** What a command asks of the meter. */
export type MeterOperation =
  | { readonly kind: 'relay'; readonly action: Dlt645ControlAction }
  | { readonly kind: 'valve'; readonly action: 'open' | 'close'; readonly serial: number; readonly meterType: number };

/** A command the meter cannot take (not its address, not a control frame, …): the simulator answers 400. */
export class CommandFrameError extends Error {
  override readonly name = 'CommandFrameError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  toJSON() {
    return { name: this.name, code: this.code, message: this.message };
  }
}

export const paddedAddress = (meter: Pick<SimMeter, 'protocol' | 'address'>): string =>
  meter.address.padStart(meter.protocol === 'dlt645' ? 12 : 14, '0');

/**
 * Decodes a DL/T 645 remote-control frame (C = 0x1C, clear text) or a
 * CJ/T 188 valve command (C = 0x04, DI A0 17) addressed to `meter`.
 *
 * @throws CommandFrameError for anything else, with the codec's error as its cause.
 */
export function decodeCommand(meter: SimMeter, payload: Uint8Array): MeterOperation {
  try {
    return meter.protocol === 'dlt645' ? decodeRelayCommand(meter, payload) : decodeValveCommand(meter, payload);
  } catch (error) {
    if (error instanceof CommandFrameError) throw error;
    throw new CommandFrameError('simulator.bad_frame', `Not a ${meter.protocol} command frame: ${(error as Error).message}`, { cause: error });
  }
}

function decodeRelayCommand(meter: SimMeter, payload: Uint8Array): MeterOperation {
  const frame = parseDlt645Frame(payload);
  checkAddress(frame.address, paddedAddress(meter));
  if (frame.control !== DLT645_CONTROL.remoteControl) {
    throw new CommandFrameError('simulator.unsupported', `DL/T 645 control 0x${frame.control.toString(16)} is not a remote-control command`);
  }
  return { kind: 'relay', action: decodeDlt645ControlData(frame.data).action };
}

function decodeValveCommand(meter: SimMeter, payload: Uint8Array): MeterOperation {
  const frame = parseCjt188Frame(payload);
  checkAddress(frame.address, paddedAddress(meter));
  const [di0, di1, serial, code] = frame.data;
  const isValveId = (di0 === 0xa0 && di1 === 0x17) || (di0 === 0x17 && di1 === 0xa0);
  if (frame.control !== CJT188_CONTROL.write || frame.data.length !== 4 || !isValveId || serial === undefined) {
    throw new CommandFrameError('simulator.unsupported', 'CJ/T 188: only valve commands (C=04, DI A0 17) are simulated');
  }
  if (code !== CJT188_VALVE_CODES.open && code !== CJT188_VALVE_CODES.close) {
    throw new CommandFrameError('simulator.bad_frame', `CJ/T 188: valve code 0x${(code ?? 0).toString(16)} is neither open (55) nor close (99)`);
  }
  return { kind: 'valve', action: code === CJT188_VALVE_CODES.open ? 'open' : 'close', serial, meterType: frame.meterType };
}

function checkAddress(frameAddress: string, meterAddress: string): void {
  if (frameAddress !== meterAddress) {
    throw new CommandFrameError('simulator.wrong_address', `The frame is addressed to ${frameAddress}, this meter is ${meterAddress}`);
  }
}

/** The CJ/T 188 status word: ST0 bits 0–1 the valve (00 open, 01 closed). */
export const valveStatus = (supply: 'on' | 'off'): Cjt188Status =>
  supply === 'on' ? { valve: 'open', batteryLow: false, fault: false, raw: 0x0000 } : { valve: 'closed', batteryLow: false, fault: false, raw: 0x0001 };

/** A DL/T 645 report: the total forward active energy answer, and the rate 1..4 answers back to back when given. */
export function energyReportFrames(address: string, totalWh: number, rates?: Readonly<Record<'rate1' | 'rate2' | 'rate3' | 'rate4', number>>): Uint8Array {
  const frames = [encodeDlt645Answer(address, { kind: 'energy', register: 'total', energyWh: totalWh })];
  if (rates) {
    for (const register of ['rate1', 'rate2', 'rate3', 'rate4'] as const) {
      frames.push(encodeDlt645Answer(address, { kind: 'energy', register, energyWh: rates[register] }));
    }
  }
  return Buffer.concat(frames);
}

/** A CJ/T 188 read-current-data answer: the cumulative volume, the meter's own clock (Beijing time) and the valve state. */
export const flowReportFrame = (address: string, volumeL: number, supply: 'on' | 'off', atMs: number): Uint8Array =>
  encodeCjt188Answer(address, {
    kind: 'flow',
    meterType: 0x10,
    serial: 1,
    volumeL,
    settlementVolumeL: null,
    meterTime: meterTimeFromDate(new Date(atMs)),
    status: valveStatus(supply),
  });

/** The meter's answer to an operation: DL/T 645 9C (or DC when refused), CJ/T 188 84 echoing SER with the new status. */
export function commandAnswerFrame(address: string, operation: MeterOperation, accepted: boolean, supply: 'on' | 'off'): Uint8Array {
  if (operation.kind === 'relay') {
    // Error flag bit 0, "other error": a meter in keep-power mode refuses to trip.
    return encodeDlt645Answer(address, accepted ? { kind: 'control_ok' } : { kind: 'control_error', flags: 0x01 });
  }
  return encodeCjt188Answer(address, { kind: 'valve_ok', serial: operation.serial, status: valveStatus(supply) }, { meterType: operation.meterType });
}
