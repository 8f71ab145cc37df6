import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCharge } from './apply-charge';

describe('applyCharge', () => {
  it('charges whole fen and carries the fraction', () => {
    expect(applyCharge(0, 48_830_000n)).toEqual({ chargeFen: 48, remainderMicroFen: 830_000 });
    expect(applyCharge(600_000, 48_830_000n)).toEqual({ chargeFen: 49, remainderMicroFen: 430_000 });
    expect(applyCharge(999_999, 1n)).toEqual({ chargeFen: 1, remainderMicroFen: 0 });
    expect(applyCharge(0, 999_999n)).toEqual({ chargeFen: 0, remainderMicroFen: 999_999 });
    expect(applyCharge(0, 0n)).toEqual({ chargeFen: 0, remainderMicroFen: 0 });
  });

  it('credits a negative correction with the same floor', () => {
    expect(applyCharge(200_000, -1_000_000n)).toEqual({ chargeFen: -1, remainderMicroFen: 200_000 });
    expect(applyCharge(0, -1n)).toEqual({ chargeFen: -1, remainderMicroFen: 999_999 });
  });

  it('refuses a remainder outside [0, 1e6) and charges beyond safe integers', () => {
    expect(() => applyCharge(-1, 0n)).toThrow(RangeError);
    expect(() => applyCharge(1_000_000, 0n)).toThrow(RangeError);
    expect(() => applyCharge(0.5, 0n)).toThrow(RangeError);
    expect(() => applyCharge(0, 10n ** 30n)).toThrow(RangeError);
    expect(() => applyCharge(0, 5 as unknown as bigint)).toThrow(TypeError);
  });

  it('charges exactly the floor of the running exact total, whatever the pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 13n }), { maxLength: 50 }), (costs) => {
        let remainder = 0;
        let charged = 0n;
        for (const cost of costs) {
          const result = applyCharge(remainder, cost);
          expect(result.remainderMicroFen).toBeGreaterThanOrEqual(0);
          expect(result.remainderMicroFen).toBeLessThan(1_000_000);
          charged += BigInt(result.chargeFen);
          remainder = result.remainderMicroFen;
        }
        const exact = costs.reduce((sum, cost) => sum + cost, 0n);
        expect(charged * 1_000_000n + BigInt(remainder)).toBe(exact);
        expect(charged).toBe(exact / 1_000_000n);
      }),
    );
  });
});
