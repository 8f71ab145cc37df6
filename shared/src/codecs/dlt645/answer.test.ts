import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../bytes';
import { meterAddress } from '../test-arbitraries';
import {
  decodeDlt645Answer,
  DLT645_DATA_ID,
  DLT645_MAX_ENERGY_WH,
  encodeDlt645Answer,
  encodeDlt645Frame,
  parseDlt645Frame,
  type Dlt645Answer,
  type Dlt645EnergyRegister,
} from '.';

const ADDRESS = '123456789012';
const readAnswer = (data: number[]) => encodeDlt645Frame({ address: ADDRESS, control: 0x91, data: Uint8Array.from(data) });

describe('decodeDlt645Answer', () => {
  it('reads the rate registers 1..4 by their data identifiers', () => {
    const registers: Dlt645EnergyRegister[] = ['rate1', 'rate2', 'rate3', 'rate4'];
    registers.forEach((register, i) => {
      const bytes = readAnswer([0x00, i + 1, 0x01, 0x00, 0x99, 0x99, 0x99, 0x99]);
      expect(decodeDlt645Answer(bytes)).toEqual({ kind: 'energy', register, energyWh: 999_999_990 });
    });
  });

  it('reads phase-A voltage in decivolts and current in milliamps, reverse current negative', () => {
    expect(decodeDlt645Answer(readAnswer([0x00, 0x01, 0x01, 0x02, 0x05, 0x22]))).toEqual({ kind: 'voltage', phase: 'A', decivolts: 2205 });
    expect(decodeDlt645Answer(readAnswer([0x00, 0x01, 0x02, 0x02, 0x50, 0x34, 0x12]))).toEqual({ kind: 'current', phase: 'A', milliamps: 123_450 });
    expect(decodeDlt645Answer(readAnswer([0x00, 0x01, 0x02, 0x02, 0x00, 0x05, 0x80]))).toEqual({ kind: 'current', phase: 'A', milliamps: -500 });
  });

  it('reads a remote-control refusal and a read-address answer', () => {
    const refusal = encodeDlt645Frame({ address: ADDRESS, control: 0xdc, data: Uint8Array.of(0x04) });
    expect(decodeDlt645Answer(refusal)).toEqual({ kind: 'control_error', flags: 0x04 });
    const address = encodeDlt645Answer('AAAAAAAAAAAA', { kind: 'address', address: ADDRESS });
    expect(decodeDlt645Answer(address)).toEqual({ kind: 'address', address: ADDRESS });
  });

  it('names every standard error bit', () => {
    const bytes = encodeDlt645Answer(ADDRESS, { kind: 'error', flags: 0xff, meaning: [] });
    expect(decodeDlt645Answer(bytes)).toMatchObject({
      flags: 0xff,
      meaning: ['other_error', 'no_data_requested', 'unauthorised', 'baud_rate_unchangeable', 'annual_time_zones_exceeded', 'daily_time_slots_exceeded', 'tariff_count_exceeded'],
    });
  });

  it('accepts a frame already parsed', () => {
    const frame = parseDlt645Frame(hexToBytes('68 11 11 11 11 11 11 68 9C 00 D2 16'));
    expect(decodeDlt645Answer(frame)).toEqual({ kind: 'control_ok' });
  });

  it.each([
    ['another meter answering', readAnswer([0, 0, 1, 0, 0, 0, 0, 0]), { expectedAddress: '123456789013' }, 'address_mismatch'],
    ['an unknown data identifier', readAnswer([0x00, 0x00, 0x00, 0x00, 0, 0, 0, 0]), {}, 'unsupported'],
    ['a follow-up answer (0xB1)', encodeDlt645Frame({ address: ADDRESS, control: 0xb1, data: Uint8Array.of(0, 0, 1, 0, 0, 0, 0, 0) }), {}, 'unsupported'],
    ['a request rather than an answer', encodeDlt645Frame({ address: ADDRESS, control: 0x11, data: Uint8Array.of(0, 0, 1, 0) }), {}, 'unsupported'],
    ['an energy value one byte short', readAnswer([0, 0, 1, 0, 0x56, 0x34, 0x12]), {}, 'bad_length'],
    ['an energy value with an extra byte', readAnswer([0, 0, 1, 0, 0x56, 0x34, 0x12, 0, 0]), {}, 'bad_length'],
    ['a data identifier cut short', readAnswer([0, 0, 1]), {}, 'bad_length'],
    ['an energy value that is not BCD', readAnswer([0, 0, 1, 0, 0x5a, 0x34, 0x12, 0]), {}, 'invalid_bcd'],
    ['an error answer without flags', encodeDlt645Frame({ address: ADDRESS, control: 0xd1, data: new Uint8Array() }), {}, 'bad_length'],
    ['a control success with data', encodeDlt645Frame({ address: ADDRESS, control: 0x9c, data: Uint8Array.of(0) }), {}, 'bad_length'],
    ['an expected address that is not one', readAnswer([0, 0, 1, 0, 0, 0, 0, 0]), { expectedAddress: 'meter-1' }, 'invalid_argument'],
  ])('refuses %s', (_name, bytes, options, reason) => {
    expect(() => decodeDlt645Answer(bytes, options)).toThrow(expect.objectContaining({ reason }));
  });
});

describe('encodeDlt645Answer', () => {
  const answers: fc.Arbitrary<Dlt645Answer> = fc.oneof(
    fc.record({
      kind: fc.constant('energy' as const),
      register: fc.constantFrom<Dlt645EnergyRegister>('total', 'rate1', 'rate2', 'rate3', 'rate4'),
      energyWh: fc.integer({ min: 0, max: 99_999_999 }).map((hundredthsKwh) => hundredthsKwh * 10),
    }),
    fc.record({ kind: fc.constant('voltage' as const), phase: fc.constant('A' as const), decivolts: fc.integer({ min: 0, max: 9999 }) }),
    fc.record({ kind: fc.constant('current' as const), phase: fc.constant('A' as const), milliamps: fc.integer({ min: -799_999, max: 799_999 }) }),
    fc.record({ kind: fc.constant('control_error' as const), flags: fc.integer({ min: 0, max: 255 }) }),
    fc.constant({ kind: 'control_ok' as const }),
  );

  it('round-trips energy answers for every value 0..99999999 hundredths of a kWh', () => {
    fc.assert(
      fc.property(meterAddress(6), fc.integer({ min: 0, max: 99_999_999 }), (address, hundredthsKwh) => {
        const bytes = encodeDlt645Answer(address, { kind: 'energy', register: 'total', energyWh: hundredthsKwh * 10 });
        expect(decodeDlt645Answer(bytes, { expectedAddress: address })).toEqual({ kind: 'energy', register: 'total', energyWh: hundredthsKwh * 10 });
      }),
    );
  });

  it('round-trips every kind of answer', () => {
    fc.assert(
      fc.property(meterAddress(6), answers, (address, answer) => {
        expect(decodeDlt645Answer(encodeDlt645Answer(address, answer))).toEqual(answer);
      }),
    );
  });

  it.each([
    ['energy that is not whole tens of Wh', { kind: 'energy', register: 'total', energyWh: 1_234_561 }],
    ['energy above 999999.99 kWh', { kind: 'energy', register: 'total', energyWh: DLT645_MAX_ENERGY_WH + 10 }],
    ['a current beyond the sign bit', { kind: 'current', phase: 'A', milliamps: 800_000 }],
    ['flags above one byte', { kind: 'control_error', flags: 256 }],
  ] as Array<[string, Dlt645Answer]>)('refuses %s', (_name, answer) => {
    expect(() => encodeDlt645Answer(ADDRESS, answer)).toThrow(expect.objectContaining({ reason: 'invalid_argument' }));
  });

  it('keeps the data identifier constants as the standard prints them', () => {
    expect(DLT645_DATA_ID.phaseACurrent).toBe(0x02020100);
  });
});
