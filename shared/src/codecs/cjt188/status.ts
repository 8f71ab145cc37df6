import type { DecodedValveState } from '../decoded-reading';

/** A CJ/T 188 meter's status word, decoded by a {@link Cjt188StatusLayout}. */
export interface Cjt188Status {
  readonly valve: DecodedValveState;
  readonly batteryLow: boolean;
  readonly fault: boolean;
  /** The status word as received: ST0 (the first byte) in bits 0..7, ST1 in bits 8..15. */
  readonly raw: number;
}

/**
 * Where a meter keeps its flags in the 16-bit status word `ST0 | ST1 << 8`.
 * CJ/T 188-2004 fixes only the basics of ST0; everything else is the vendor's,
 * and some vendors number the bits from the other end: pass their layout.
 */
export interface Cjt188StatusLayout {
  /** The bits holding the valve state. */
  readonly valveMask: number;
  /** The masked value that means "open". */
  readonly valveOpen: number;
  /** The masked value that means "closed"; any other value reads as "abnormal". */
  readonly valveClosed: number;
  /** The bit(s) that mean "battery low". */
  readonly batteryLowMask: number;
  /** The bit(s) that mean a fault; the standard defines none, so 0 (never a fault) by default. */
  readonly faultMask: number;
}

/**
 * The common layout: ST0 bits 0–1 the valve (00 open, 01 closed, 11 abnormal;
 * 10, undefined, also reads abnormal), ST0 bit 2 battery low; ST0 bits 3–7 and
 * ST1 are vendor-defined and ignored.
 */
export const CJT188_STANDARD_STATUS_LAYOUT: Cjt188StatusLayout = {
  valveMask: 0x0003,
  valveOpen: 0x0000,
  valveClosed: 0x0001,
  batteryLowMask: 0x0004,
  faultMask: 0x0000,
};

/**
 * Decodes the status word by `layout`.
 *
 * @example decodeCjt188Status(0x8421) // { valve: 'closed', batteryLow: false, fault: false, raw: 0x8421 }
 */
export function decodeCjt188Status(raw: number, layout: Cjt188StatusLayout = CJT188_STANDARD_STATUS_LAYOUT): Cjt188Status {
  const valveBits = raw & layout.valveMask;
  const valve: DecodedValveState =
    valveBits === layout.valveOpen ? 'open' : valveBits === layout.valveClosed ? 'closed' : 'abnormal';
  return { valve, batteryLow: (raw & layout.batteryLowMask) !== 0, fault: (raw & layout.faultMask) !== 0, raw };
}
