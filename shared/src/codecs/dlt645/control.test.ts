import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meterAddress, meterTime } from '../test-arbitraries';
import {
  DLT645_CONTROL_ACTION_CODES,
  decodeDlt645ControlData,
  encodeDlt645Control,
  parseDlt645Frame,
  type Dlt645ControlAction,
  type Dlt645ControlCommand,
  type Dlt645ControlEncoder,
} from '.';

const hex8 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => Array.from(b, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(''));
const actions = Object.keys(DLT645_CONTROL_ACTION_CODES) as Dlt645ControlAction[];
const command: Dlt645ControlCommand = {
  address: '111111111111',
  action: 'keep_on',
  password: '02123456',
  operator: '12345678',
  validUntil: { year: 2026, month: 11, day: 21, hour: 8, minute: 0, second: 0 },
};

describe('encodeDlt645Control', () => {
  it('sends the password level first, then password and operator least significant byte first', () => {
    const { control, data } = parseDlt645Frame(encodeDlt645Control(command));
    expect(control).toBe(0x1c);
    expect(Array.from(data.subarray(0, 10))).toEqual([0x02, 0x56, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0x3a, 0x00]);
    expect(Array.from(data.subarray(10))).toEqual([0x00, 0x00, 0x08, 0x21, 0x11, 0x26]);
  });

  it('round-trips any command through parse and decodeDlt645ControlData', () => {
    fc.assert(
      fc.property(meterAddress(6), fc.constantFrom(...actions), hex8, hex8, meterTime(), (address, action, password, operator, validUntil) => {
        const frame = parseDlt645Frame(encodeDlt645Control({ address, action, password, operator, validUntil }));
        expect(frame.address).toBe(address);
        expect(decodeDlt645ControlData(frame.data)).toEqual({ action, password, operator, validUntil });
      }),
    );
  });

  it('lets another encoder (an ESAM one) supply the data field', () => {
    const esam: Dlt645ControlEncoder = { encodeData: () => Uint8Array.of(0xca, 0xfe) };
    expect(Array.from(parseDlt645Frame(encodeDlt645Control(command, { encoder: esam })).data)).toEqual([0xca, 0xfe]);
  });

  it.each([
    ['a 7-digit password', { password: '0212345' }],
    ['a non-hex operator', { operator: '1234567G' }],
    ['an unknown action', { action: 'explode' as Dlt645ControlAction }],
    ['an inherited property as action', { action: 'toString' as Dlt645ControlAction }],
    ['30 February', { validUntil: { ...command.validUntil, month: 2, day: 30 } }],
    ['a year a 2-digit field cannot hold', { validUntil: { ...command.validUntil, year: 2100 } }],
    ['a bad address', { address: '1111' }],
  ])('refuses %s with invalid_argument', (_name, change) => {
    expect(() => encodeDlt645Control({ ...command, ...change })).toThrow(expect.objectContaining({ reason: 'invalid_argument' }));
  });
});

describe('decodeDlt645ControlData', () => {
  it.each([
    ['15 bytes', new Uint8Array(15), 'bad_length'],
    ['an unknown action code', Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0x99, 0, 0, 0, 0, 1, 1, 0x18), 'unsupported'],
    ['a time that is not BCD', Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0x1a, 0, 0x6a, 0, 0, 1, 1, 0x18), 'invalid_bcd'],
  ])('refuses %s', (_name, data, reason) => {
    expect(() => decodeDlt645ControlData(data)).toThrow(expect.objectContaining({ reason }));
  });
});
