import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../codec-error';
import { hexToBytes } from '../bytes';
import { mutatedFrame } from '../test-arbitraries';
import { decodeDlt645Answer, decodeDlt645ControlData, encodeDlt645Answer, parseDlt645Frame } from '.';

/** Whatever a link or a broken meter sends, the decoders answer with a value or a CodecError: nothing else. */
function onlyCodecErrors(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CodecError);
  }
}

const VALID_FRAMES = [
  hexToBytes('FE FE 68 12 90 78 56 34 12 68 91 08 33 33 34 33 89 67 45 33 54 16'),
  hexToBytes('68 12 90 78 56 34 12 68 D1 01 35 8D 16'),
  hexToBytes('68 11 11 11 11 11 11 68 9C 00 D2 16'),
  hexToBytes('68 11 11 11 11 11 11 68 1C 10 33 33 33 33 33 33 33 33 4D 33 57 74 48 45 38 4B 55 16'),
  encodeDlt645Answer('123456789012', { kind: 'current', phase: 'A', milliamps: -1234 }),
  encodeDlt645Answer('AAAAAAAAAAAA', { kind: 'address', address: '000000000001' }),
];

describe('DL/T 645 decoders under hostile input', () => {
  it('throw only CodecError for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        onlyCodecErrors(() => decodeDlt645Answer(bytes, { expectedAddress: '123456789012' }));
        onlyCodecErrors(() => decodeDlt645ControlData(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('throw only CodecError for random bytes behind a plausible header', () => {
    const header = fc.tuple(fc.constantFrom(0x91, 0xd1, 0x9c, 0xdc, 0x93, 0x1c, 0xb1), fc.uint8Array({ maxLength: 12 }));
    fc.assert(
      fc.property(header, ([control, data]) => {
        const body = [0x68, 0x12, 0x90, 0x78, 0x56, 0x34, 0x12, 0x68, control, data.length, ...data];
        const sum = body.reduce((a, b) => (a + b) & 0xff, 0);
        onlyCodecErrors(() => decodeDlt645Answer(Uint8Array.from([...body, sum, 0x16])));
      }),
      { numRuns: 2000 },
    );
  });

  it.each(VALID_FRAMES.map((frame, i) => [i, frame] as const))('throw only CodecError for mutations of valid frame #%i', (_i, frame) => {
    fc.assert(
      fc.property(mutatedFrame(frame), (bytes) => {
        onlyCodecErrors(() => decodeDlt645Answer(bytes));
        onlyCodecErrors(() => parseDlt645Frame(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('throw a CodecError, not a TypeError, for what is not bytes', () => {
    for (const input of [null, undefined, 'FE 68', 42, [0x68], {}]) {
      expect(() => parseDlt645Frame(input as unknown as Uint8Array)).toThrow(CodecError);
      expect(() => decodeDlt645Answer(input as unknown as Uint8Array)).toThrow(CodecError);
    }
  });
});
