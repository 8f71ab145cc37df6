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
    expect([...groups.keys()]).toEqual(['000000002101', '000000002102', '000000002103']);
    expect(decodeMeterPayload(groups.get('000000002101')!, 'dlt645', '2101').reading).toMatchObject({ totalBaseUnits: 1_000, registers: { rate1: 600 } });
    expect(decodeMeterPayload(groups.get('000000002102')!, 'dlt645', '2102').reading).toMatchObject({ totalBaseUnits: 25_000 });
    expect(decodeMeterPayload(groups.get('000000002103')!, 'dlt645', '2103').reading).toMatchObject({ totalBaseUnits: 7_770 });
  });

  it('routes every circuit\'s total to its own address, whatever the number and order of circuits', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 36 }), { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 9_999_999 }), { minLength: 12, maxLength: 12 }), (circuits, centiKwh) => {
        const address = (circuit: number) => `0000000030${String(circuit).padStart(2, '0')}`;
        const groups = framesByAddress(concat(...circuits.map((circuit, i) => energy(address(circuit), centiKwh[i]! * 10))), 'dlt645');
        expect(groups.size).toBe(circuits.length);
        circuits.forEach((circuit, i) => {
          expect(decodeMeterPayload(groups.get(address(circuit))!, 'dlt645', address(circuit)).reading?.totalBaseUnits).toBe(centiKwh[i]! * 10);
        });
      }),
    );
  });

  it('keys a point the way its frames carry it', () => {
    expect(meterPointKey('dlt645', '2101')).toBe('000000002101');
    expect(meterPointKey('cjt188', '19121301')).toBe('00000019121301');
    expect(meterPointKey('modbus', '007')).toBe('7');
  });
});
