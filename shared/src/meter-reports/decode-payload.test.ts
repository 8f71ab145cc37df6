import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDlt645Answer } from '../codecs';
import { decodeMeterPayload, framesByAddress, meterPointKey } from '.';

const energy = (address: string, energyWh: number, register: 'total' | 'rate1' = 'total') => encodeDlt645Answer(address, { kind: 'energy', register, energyWh });
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

describe('a multi-circuit payload', () => {
  it('splits by the address each frame carries, keeping each circuit\'s frames in order', () => {
    const payload = concat(energy('000000002101', 1_000), energy('000000002102', 25_000), energy('000000002101', 600, 'rate1'), energy('000000002103', 7_770));
    const groups = framesByAddress(payload, 'dlt645');
    expect([...groups.keys()]).toEqual(['2101', '2102', '2103']);
    expect(decodeMeterPayload(groups.get('2101')!, 'dlt645', '2101').reading).toMatchObject({ totalBaseUnits: 1_000, registers: { rate1: 600 } });
    expect(decodeMeterPayload(groups.get('2102')!, 'dlt645', '2102').reading).toMatchObject({ totalBaseUnits: 25_000 });
    expect(decodeMeterPayload(groups.get('2103')!, 'dlt645', '2103').reading).toMatchObject({ totalBaseUnits: 7_770 });
  });

  it('routes every circuit\'s total to its own address, whatever the number and order of circuits', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 36 }), { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 9_999_999 }), { minLength: 12, maxLength: 12 }), (circuits, centiKwh) => {
        const address = (circuit: number) => `0000000030${String(circuit).padStart(2, '0')}`;
        const groups = framesByAddress(concat(...circuits.map((circuit, i) => energy(address(circuit), centiKwh[i]! * 10))), 'dlt645');
        expect(groups.size).toBe(circuits.length);
        circuits.forEach((circuit, i) => {
          expect(decodeMeterPayload(groups.get(meterPointKey(address(circuit)))!, 'dlt645', address(circuit)).reading?.totalBaseUnits).toBe(centiKwh[i]! * 10);
        });
      }),
    );
  });

  it('keys a point by its address without padding, whatever the protocol', () => {
    expect(meterPointKey('000000002101')).toBe('2101');
    expect(meterPointKey('00000000002101')).toBe('2101');
    expect(meterPointKey('2101')).toBe('2101');
    expect(meterPointKey('007')).toBe('7');
    expect(meterPointKey('000000000000')).toBe('0');
    expect(meterPointKey('aaaaaaaaaaaa')).toBe('AAAAAAAAAAAA');
  });
});
