import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../bytes';
import { decodeDlt645Answer, DLT645_DATA_ID, encodeDlt645Control, encodeDlt645Read, parseDlt645Frame } from '.';

/** Every DL/T 645-2007 vector of shared/PROTOCOLS.md, byte for byte. */
describe('DL/T 645 vectors (PROTOCOLS.md)', () => {
  it('encodes the read request for 123456789012 exactly', () => {
    // Act
    const frame = encodeDlt645Read('123456789012', DLT645_DATA_ID.totalForwardActiveEnergy);
    // Assess
    expect(bytesToHex(frame)).toBe('FE FE FE FE 68 12 90 78 56 34 12 68 11 04 33 33 34 33 68 16');
  });

  it('decodes the 1234.56 kWh answer to 1234560 Wh', () => {
    const bytes = hexToBytes('FE FE 68 12 90 78 56 34 12 68 91 08 33 33 34 33 89 67 45 33 54 16');
    expect(decodeDlt645Answer(bytes, { expectedAddress: '123456789012' })).toEqual({
      kind: 'energy',
      register: 'total',
      energyWh: 1_234_560,
    });
  });

  it('decodes the error answer to flags 0x02, no data requested', () => {
    const bytes = hexToBytes('68 12 90 78 56 34 12 68 D1 01 35 8D 16');
    expect(decodeDlt645Answer(bytes)).toEqual({ kind: 'error', flags: 0x02, meaning: ['no_data_requested'] });
  });

  it('encodes the trip command to 111111111111 exactly', () => {
    // Act
    const frame = encodeDlt645Control(
      {
        address: '111111111111',
        action: 'trip',
        password: '00000000',
        operator: '00000000',
        validUntil: { year: 2018, month: 5, day: 12, hour: 15, minute: 41, second: 24 },
      },
      { wakeUp: 0 },
    );
    // Assess
    expect(bytesToHex(frame)).toBe('68 11 11 11 11 11 11 68 1C 10 33 33 33 33 33 33 33 33 4D 33 57 74 48 45 38 4B 55 16');
    expect(bytesToHex(parseDlt645Frame(frame).data)).toBe('00 00 00 00 00 00 00 00 1A 00 24 41 15 12 05 18');
  });

  it('decodes the trip success answer as control_ok', () => {
    const bytes = hexToBytes('68 11 11 11 11 11 11 68 9C 00 D2 16');
    expect(decodeDlt645Answer(bytes, { expectedAddress: '111111111111' })).toEqual({ kind: 'control_ok' });
  });
});
