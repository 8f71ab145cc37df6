import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meterAddress, meterTime } from '../test-arbitraries';
import {
  CJT188_STANDARD_STATUS_LAYOUT,
  decodeCjt188Answer,
  decodeCjt188Status,
  encodeCjt188Answer,
  encodeCjt188Frame,
  type Cjt188Answer,
} from '.';

const ADDRESS = '00000019121301';
const flowData = (volume: number[], unit: number, rest: number[] = []) =>
  Uint8Array.from([0x90, 0x1f, 0x07, ...volume, unit, ...(rest.length ? rest : [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00])]);
const answerFrame = (data: Uint8Array, control = 0x81, meterType = 0x10) => encodeCjt188Frame({ meterType, address: ADDRESS, control, data });

describe('decodeCjt188Answer', () => {
  it('reads 12.34 m³ as 12340 L, and 0xFF-filled settlement flow and clock as null', () => {
    expect(decodeCjt188Answer(answerFrame(flowData([0x34, 0x12, 0x00, 0x00], 0x2c)))).toEqual({
      kind: 'flow',
      meterType: 0x10,
      serial: 7,
      volumeL: 12_340,
      settlementVolumeL: null,
      meterTime: null,
      status: { valve: 'open', batteryLow: false, fault: false, raw: 0 },
    });
  });

  it('reads a volume in litres (unit 0x29), flooring hundredths of a litre', () => {
    expect(decodeCjt188Answer(answerFrame(flowData([0x99, 0x34, 0x12, 0x00], 0x29)))).toMatchObject({ volumeL: 1234 });
  });

  it('reads an unreadable settlement flow or clock as null rather than refusing the frame', () => {
    const rest = [0x5a, 0x00, 0x00, 0x00, 0x2c, 0x99, 0x99, 0x99, 0x13, 0x45, 0x01, 0x20, 0x04, 0x00];
    expect(decodeCjt188Answer(answerFrame(flowData([0, 0, 0, 0], 0x2c, rest)))).toMatchObject({
      settlementVolumeL: null,
      meterTime: null,
      status: { valve: 'open', batteryLow: true },
    });
  });

  it('reads a valve answer with and without status, DI in either order', () => {
    expect(decodeCjt188Answer(answerFrame(Uint8Array.of(0xa0, 0x17, 0x01, 0x01, 0x00), 0x84))).toEqual({
      kind: 'valve_ok',
      serial: 1,
      status: { valve: 'closed', batteryLow: false, fault: false, raw: 1 },
    });
    expect(decodeCjt188Answer(answerFrame(Uint8Array.of(0x17, 0xa0, 0x02), 0x84))).toEqual({ kind: 'valve_ok', serial: 2 });
  });

  it('reads an abnormal answer as an error value', () => {
    expect(decodeCjt188Answer(answerFrame(Uint8Array.of(0x01, 0x00, 0x00), 0xc4))).toEqual({ kind: 'error', control: 0xc4 });
  });

  it('decodes status words by a vendor layout', () => {
    const msbFirst = { valveMask: 0xc0, valveOpen: 0, valveClosed: 0x40, batteryLowMask: 0x20, faultMask: 0x0100 };
    expect(decodeCjt188Status(0x0160, msbFirst)).toEqual({ valve: 'closed', batteryLow: true, fault: true, raw: 0x0160 });
    expect(decodeCjt188Status(0x0003, CJT188_STANDARD_STATUS_LAYOUT).valve).toBe('abnormal');
    expect(decodeCjt188Status(0x0002).valve).toBe('abnormal');
  });

  it.each([
    ['another meter answering', answerFrame(flowData([0, 0, 0, 0], 0x2c)), { expectedAddress: '00000019121302' }, 'address_mismatch'],
    ['a current flow that is not BCD', answerFrame(flowData([0x0a, 0, 0, 0], 0x2c)), {}, 'invalid_bcd'],
    ['a current flow in kWh (0x05)', answerFrame(flowData([0, 0, 0, 0], 0x05)), {}, 'unsupported'],
    ['a current flow 0xFF-filled', answerFrame(flowData([0xff, 0xff, 0xff, 0xff], 0x2c)), {}, 'invalid_bcd'],
    ['a heat meter answer', answerFrame(flowData([0, 0, 0, 0], 0x2c), 0x81, 0x20), {}, 'unsupported'],
    ['another data identifier', answerFrame(Uint8Array.of(0x90, 0x2f, ...flowData([0, 0, 0, 0], 0x2c).subarray(2))), {}, 'unsupported'],
    ['a current-data answer one byte short', answerFrame(flowData([0, 0, 0, 0], 0x2c).subarray(0, 21)), {}, 'bad_length'],
    ['a valve answer of 4 bytes', answerFrame(Uint8Array.of(0xa0, 0x17, 0x01, 0x00), 0x84), {}, 'bad_length'],
    ['a write answer for another identifier', answerFrame(Uint8Array.of(0xa0, 0x10, 0x01), 0x84), {}, 'unsupported'],
    ['a request', answerFrame(Uint8Array.of(0x90, 0x1f, 0x01), 0x01), {}, 'unsupported'],
  ])('refuses %s', (_name, bytes, options, reason) => {
    expect(() => decodeCjt188Answer(bytes, options)).toThrow(expect.objectContaining({ reason }));
  });
});

describe('encodeCjt188Answer', () => {
  const rawStatus = fc.integer({ min: 0, max: 0xffff });
  const flow: fc.Arbitrary<Cjt188Answer> = fc.record({
    kind: fc.constant('flow' as const),
    meterType: fc.integer({ min: 0x10, max: 0x19 }),
    serial: fc.integer({ min: 0, max: 255 }),
    volumeL: fc.integer({ min: 0, max: 99_999_999 }).map((hundredthsM3) => hundredthsM3 * 10),
    settlementVolumeL: fc.option(fc.integer({ min: 0, max: 99_999_999 }).map((n) => n * 10), { nil: null }),
    meterTime: fc.option(meterTime(2000, 2099), { nil: null }),
    status: rawStatus.map((raw) => decodeCjt188Status(raw)),
  });

  it('round-trips random volumes, clocks and status words through the decoder', () => {
    fc.assert(
      fc.property(meterAddress(7), flow, fc.boolean(), (address, answer, swapDataId) => {
        const bytes = encodeCjt188Answer(address, answer, { swapDataId });
        expect(decodeCjt188Answer(bytes, { expectedAddress: address })).toEqual(answer);
      }),
    );
  });

  it('round-trips valve answers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.option(rawStatus, { nil: undefined }), (serial, raw) => {
        const answer: Cjt188Answer = raw === undefined ? { kind: 'valve_ok', serial } : { kind: 'valve_ok', serial, status: decodeCjt188Status(raw) };
        expect(decodeCjt188Answer(encodeCjt188Answer(ADDRESS, answer))).toEqual(answer);
      }),
    );
  });

  it('refuses a volume that m³ with two decimals cannot carry', () => {
    const answer = { kind: 'flow', meterType: 0x10, serial: 0, volumeL: 12_345, settlementVolumeL: null, meterTime: null, status: decodeCjt188Status(0) } as const;
    expect(() => encodeCjt188Answer(ADDRESS, answer)).toThrow(expect.objectContaining({ reason: 'invalid_argument' }));
  });
});
