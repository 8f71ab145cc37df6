import { decodeMeterPayload, encodeCjt188Valve, encodeDlt645Control, hexToBytes } from '@prepaid/shared';
import { describe, expect, it } from 'vitest';
import { commandAnswerFrame, CommandFrameError, decodeCommand, energyReportFrames, flowReportFrame } from './frames';
import type { SimMeter } from './types';

const electricity: SimMeter = { meterId: 'E-1', utility: 'electricity', protocol: 'dlt645', address: '10101', platform: 'ctwing', deviceId: 'ct-E-1', startValue: 0 };
const water: SimMeter = { meterId: 'W-1', utility: 'water', protocol: 'cjt188', address: '00000000010102', platform: 'onenet', deviceId: 'on-W-1', startValue: 0 };
const control = (action: 'trip' | 'close_allowed' | 'keep_on', address = '000000010101') =>
  encodeDlt645Control({ address, action, password: '02000000', operator: '00000000', validUntil: { year: 2030, month: 1, day: 1, hour: 0, minute: 0, second: 0 } });

describe('decodeCommand', () => {
  it('reads the DL/T 645 remote-control and CJ/T 188 valve frames the API sends', () => {
    expect(decodeCommand(electricity, control('trip'))).toEqual({ kind: 'relay', action: 'trip' });
    expect(decodeCommand(electricity, control('close_allowed'))).toEqual({ kind: 'relay', action: 'close_allowed' });
    expect(decodeCommand(water, encodeCjt188Valve('00000000010102', 'close', { serial: 7 }))).toEqual({ kind: 'valve', action: 'close', serial: 7, meterType: 0x10 });
    expect(decodeCommand(water, encodeCjt188Valve('00000000010102', 'open', { serial: 1, swapDataId: true }))).toMatchObject({ action: 'open' });
  });

  it('refuses frames for another meter, reads, garbage and the wrong protocol with a coded error', () => {
    const codeOf = (meter: SimMeter, bytes: Uint8Array) => {
      try {
        decodeCommand(meter, bytes);
        return 'accepted';
      } catch (error) {
        return error instanceof CommandFrameError ? error.code : 'other';
      }
    };
    expect(codeOf(electricity, control('trip', '000000010199'))).toBe('simulator.wrong_address');
    expect(codeOf(electricity, hexToBytes('FE FE FE FE 68 12 90 78 56 34 12 68 11 04 33 33 34 33 68 16'))).toBe('simulator.wrong_address');
    expect(codeOf({ ...electricity, address: '123456789012' }, hexToBytes('68 12 90 78 56 34 12 68 11 04 33 33 34 33 68 16'))).toBe('simulator.unsupported');
    expect(codeOf(electricity, hexToBytes('68 16'))).toBe('simulator.bad_frame');
    expect(codeOf(water, control('trip'))).toBe('simulator.bad_frame');
  });
});

describe('report and answer frames', () => {
  it('decode, as the API decodes uplinks, to the values and valve state the meter shows', () => {
    const rates = { rate1: 10, rate2: 20, rate3: 30, rate4: 40 };
    expect(decodeMeterPayload(energyReportFrames('000000010101', 1_234_560, rates), 'dlt645', '000000010101').reading).toMatchObject({ totalBaseUnits: 1_234_560, registers: rates });
    const meterClock = Date.parse('2026-11-21T08:00:00Z');
    expect(decodeMeterPayload(flowReportFrame('00000000010102', 56_780, 'off', meterClock), 'cjt188', '00000000010102').reading).toMatchObject({ totalBaseUnits: 56_780, status: { valve: 'closed' }, at: new Date(meterClock) });
    expect(decodeMeterPayload(commandAnswerFrame('000000010101', { kind: 'relay', action: 'trip' }, true, 'off'), 'dlt645', '000000010101').commandAnswer).toBe('ok');
    expect(decodeMeterPayload(commandAnswerFrame('000000010101', { kind: 'relay', action: 'trip' }, false, 'on'), 'dlt645', '000000010101').commandAnswer).toBe('error');
    const valve = commandAnswerFrame('00000000010102', { kind: 'valve', action: 'close', serial: 3, meterType: 0x10 }, true, 'off');
    expect(decodeMeterPayload(valve, 'cjt188', '00000000010102').commandAnswer).toBe('ok');
  });
});
