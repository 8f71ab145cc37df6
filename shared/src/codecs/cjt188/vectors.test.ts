import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../bytes';
import { decodeCjt188Answer, encodeCjt188Read, encodeCjt188Valve, parseCjt188Frame, readingFromCjt188Answer } from '.';

/** Every CJ/T 188-2004 vector of shared/PROTOCOLS.md, byte for byte. */
describe('CJ/T 188 vectors (PROTOCOLS.md)', () => {
  it('encodes the wildcard read request with serial 1 exactly', () => {
    expect(bytesToHex(encodeCjt188Read('AAAAAAAAAAAAAA', { serial: 1 }))).toBe('FE FE FE 68 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D2 16');
  });

  it('encodes the valve-open command to 00000019121301 exactly', () => {
    expect(bytesToHex(encodeCjt188Valve('00000019121301', 'open', { meterType: 0x10, serial: 1 }))).toBe(
      'FE FE FE 68 10 01 13 12 19 00 00 00 04 04 A0 17 01 55 CC 16',
    );
  });

  it('parses both vectors back', () => {
    expect(parseCjt188Frame(hexToBytes('FE FE FE 68 10 AA AA AA AA AA AA AA 01 03 90 1F 01 D2 16'))).toEqual({
      meterType: 0x10,
      address: 'AAAAAAAAAAAAAA',
      control: 0x01,
      data: Uint8Array.of(0x90, 0x1f, 0x01),
    });
    expect(parseCjt188Frame(hexToBytes('FE FE FE 68 10 01 13 12 19 00 00 00 04 04 A0 17 01 55 CC 16')).address).toBe('00000019121301');
  });

  it('decodes a field-shaped current-data answer (DI sent 1F 90, clock 2015-05-11 22:01:31)', () => {
    // Layout of a vendor's published example; its printed checksum (08) is wrong, the byte sum is 0x13.
    const bytes = hexToBytes(
      'FE FE FE FE 68 10 44 33 22 11 00 33 78 81 16 1F 90 00 00 77 66 55 2C 00 77 66 55 2C 31 01 22 11 05 15 20 21 84 13 16',
    );
    // Act
    const answer = decodeCjt188Answer(bytes, { expectedAddress: '78330011223344' });
    // Assess
    expect(answer).toEqual({
      kind: 'flow',
      meterType: 0x10,
      serial: 0,
      volumeL: 556_677_000,
      settlementVolumeL: 556_677_000,
      meterTime: { year: 2015, month: 5, day: 11, hour: 22, minute: 1, second: 31 },
      status: { valve: 'closed', batteryLow: false, fault: false, raw: 0x8421 },
    });
    if (answer.kind !== 'flow') throw new Error('unreachable');
    expect(readingFromCjt188Answer(answer).at?.toISOString()).toBe('2015-05-11T14:01:31.000Z');
  });
});
