import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../bytes';
import { CodecError } from '../codec-error';
import { mutatedFrame } from '../test-arbitraries';
import { decodeCjt188Answer, decodeCjt188Status, encodeCjt188Answer, parseCjt188Frame } from '.';

function onlyCodecErrors(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CodecError);
  }
}

const VALID_FRAMES = [
  hexToBytes('FE FE FE 68 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D2 16'),
  hexToBytes('FE FE FE 68 10 01 13 12 19 00 00 00 04 04 A0 17 01 55 CC 16'),
  encodeCjt188Answer('00000019121301', {
    kind: 'flow',
    meterType: 0x10,
    serial: 1,
    volumeL: 12_340,
    settlementVolumeL: 10_000,
    meterTime: { year: 2026, month: 11, day: 21, hour: 8, minute: 0, second: 0 },
    status: decodeCjt188Status(0x0005),
  }),
  encodeCjt188Answer('00000019121301', { kind: 'valve_ok', serial: 1, status: decodeCjt188Status(1) }),
];

describe('CJ/T 188 decoders under hostile input', () => {
  it('throw only CodecError for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        onlyCodecErrors(() => decodeCjt188Answer(bytes, { expectedAddress: '00000019121301' }));
      }),
      { numRuns: 2000 },
    );
  });

  it('throw only CodecError for random data behind a valid header', () => {
    const body = fc.tuple(fc.constantFrom(0x10, 0x11, 0x20, 0x30), fc.constantFrom(0x81, 0x84, 0xc1, 0x01), fc.uint8Array({ maxLength: 30 }));
    fc.assert(
      fc.property(body, ([meterType, control, data]) => {
        const head = [0x68, meterType, 0x01, 0x13, 0x12, 0x19, 0, 0, 0, control, data.length, ...data];
        const sum = head.reduce((a, b) => (a + b) & 0xff, 0);
        onlyCodecErrors(() => decodeCjt188Answer(Uint8Array.from([...head, sum, 0x16])));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(VALID_FRAMES.map((frame, i) => [i, frame] as const))('throw only CodecError for mutations of valid frame #%i', (_i, frame) => {
    fc.assert(
      fc.property(mutatedFrame(frame), (bytes) => {
        onlyCodecErrors(() => decodeCjt188Answer(bytes));
        onlyCodecErrors(() => parseCjt188Frame(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('throw a CodecError, not a TypeError, for what is not bytes', () => {
    for (const input of [null, undefined, '68', 7, [0x68], {}]) {
      expect(() => decodeCjt188Answer(input as unknown as Uint8Array)).toThrow(CodecError);
    }
  });
});
