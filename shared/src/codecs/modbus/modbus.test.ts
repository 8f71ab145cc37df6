import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../bytes';
import { CodecError } from '../codec-error';
import {
  decodeModbusReadAnswer,
  encodeModbusReadAnswer,
  encodeModbusReadRequest,
  encodeModbusRegisters,
  modbusCrc,
  MODBUS_MODELS,
  modbusMapOf,
  ModbusRegisterMap,
  readingFromModbusAnswer,
  readingFromModbusRegisters,
} from '.';

const withCrc = (hex: string): Uint8Array => {
  const body = hexToBytes(hex);
  const crc = modbusCrc(body);
  return Uint8Array.from([...body, crc & 0xff, crc >>> 8]);
};

describe('Modbus-RTU frames', () => {
  it('computes the CRC of the specification examples', () => {
    // Modbus over serial line v1.02 / every vendor manual: "01 03 00 00 00 0A" is sent with CRC C5 CD.
    expect(bytesToHex(encodeModbusReadRequest(1, 0x03, 0x0000, 10))).toBe('01 03 00 00 00 0A C5 CD');
    expect(bytesToHex(encodeModbusReadRequest(1, 0x04, 0x0000, 2))).toBe('01 04 00 00 00 02 71 CB');
  });

  it('leaves a residue of 0 over any frame followed by its CRC', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 256 }), (body) => {
      const crc = modbusCrc(body);
      expect(modbusCrc(Uint8Array.from([...body, crc & 0xff, crc >>> 8]))).toBe(0);
    }));
  });

  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 247 }), fc.constantFrom(0x03 as const, 0x04 as const), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 125 }), (slave, fn, words) => {
        expect(decodeModbusReadAnswer(encodeModbusReadAnswer(slave, fn, words), { expectedSlave: slave })).toEqual({ slave, fn, words });
      }),
    );
  });

  it('refuses every single-bit error in an answer', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 20 }), fc.nat(), (words, flip) => {
        const frame = encodeModbusReadAnswer(7, 0x03, words);
        const bit = flip % (frame.length * 8);
        frame[bit >> 3]! ^= 1 << (bit & 7);
        expect(() => decodeModbusReadAnswer(frame, { expectedSlave: 7 })).toThrow(CodecError);
      }),
    );
  });

  it('answers random bytes with a value or a CodecError, nothing else', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      try {
        decodeModbusReadAnswer(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(CodecError);
      }
    }));
  });

  it('names an exception answer, another slave and a byte count that lies', () => {
    expect(() => decodeModbusReadAnswer(withCrc('01 84 02'))).toThrow(/exception 2 \(illegal data address\)/);
    expect(() => decodeModbusReadAnswer(encodeModbusReadAnswer(2, 0x03, [1]), { expectedSlave: 1 })).toThrow(expect.objectContaining({ reason: 'address_mismatch' }));
    expect(() => decodeModbusReadAnswer(withCrc('01 03 04 00 01'))).toThrow(expect.objectContaining({ reason: 'bad_length' }));
    expect(() => decodeModbusReadAnswer(withCrc('01 06 00 01 00 03'))).toThrow(expect.objectContaining({ reason: 'unsupported' }));
  });
});

describe('register maps of the shipped models', () => {
  it('Eastron SDM120: 30073 import energy 1234.56 kWh, 30001 230.0 V, 30007 5.0 A (float32 ABCD, input registers)', () => {
    const map = MODBUS_MODELS['eastron-sdm120'];
    const words = new Array<number>(map.block.count).fill(0);
    [words[0x00], words[0x01]] = [0x4366, 0x0000]; // 230.0
    [words[0x06], words[0x07]] = [0x40a0, 0x0000]; // 5.0
    [words[0x48], words[0x49]] = [0x449a, 0x51ec]; // 1234.56 as float32
    const frame = encodeModbusReadAnswer(3, 0x04, words);
    expect(readingFromModbusAnswer(map, frame, 3)).toEqual({ utility: 'electricity', totalBaseUnits: 1_234_560, voltageDecivolts: 2300, currentMilliamps: 5000 });
    // The same registers read with function 03 are another map's answer.
    expect(() => readingFromModbusAnswer(map, encodeModbusReadAnswer(3, 0x03, words), 3)).toThrow(expect.objectContaining({ reason: 'unsupported' }));
  });

  it('CHINT DDSU666: 0x4000 ImpEp 1234.56 kWh from a raw answer "01 03 04 44 9A 51 EC" + CRC', () => {
    const frame = withCrc('01 03 04 44 9A 51 EC');
    expect(readingFromModbusAnswer(modbusMapOf('chint-ddsu666'), frame, 1)).toEqual({ utility: 'electricity', totalBaseUnits: 1_234_560 });
  });

  it('Hiking DDS238: 0x0000 total 0x0001E240 = 1234.56 kWh, 0x000C 2301 = 230.1 V, 0x000D 523 = 5.23 A', () => {
    const words = new Array<number>(0x12).fill(0);
    [words[0], words[1], words[0x0c], words[0x0d]] = [0x0001, 0xe240, 2301, 523];
    expect(readingFromModbusRegisters(modbusMapOf('hiking-dds238'), 0, words)).toEqual({
      utility: 'electricity',
      totalBaseUnits: 1_234_560,
      voltageDecivolts: 2301,
      currentMilliamps: 5230,
    });
  });

  it('refuses a NaN energy, a read that misses the energy register and an unknown model', () => {
    const map = modbusMapOf('chint-ddsu666');
    expect(() => readingFromModbusRegisters(map, 0x4000, [0x7fc0, 0x0000])).toThrow(expect.objectContaining({ reason: 'invalid_payload' }));
    expect(() => readingFromModbusRegisters(map, 0x4001, [0x449a, 0x51ec])).toThrow(expect.objectContaining({ reason: 'incomplete' }));
    expect(() => readingFromModbusRegisters(map, 0x4000, [0xc49a, 0x51ec])).toThrow(/negative/);
    expect(() => modbusMapOf('acme-1')).toThrow(expect.objectContaining({ reason: 'unsupported' }));
  });

  it('validates a site-described map', () => {
    expect(() => ModbusRegisterMap.parse({ ...MODBUS_MODELS['hiking-dds238'], fn: 6 })).toThrow();
    expect(() => ModbusRegisterMap.parse({ ...MODBUS_MODELS['hiking-dds238'], fields: { energy: { register: 0, type: 'uint64', scale: 1 } } })).toThrow();
  });
});

describe('register decoding, as properties', () => {
  it('integer registers round-trip exactly (DDS238: every 0.01 kWh of a uint32)', () => {
    const map = modbusMapOf('hiking-dds238');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), (centiKwh, decivolts, centiAmps) => {
        const words = encodeModbusRegisters(map, { energyWh: centiKwh * 10, voltageDecivolts: decivolts, currentMilliamps: centiAmps * 10 });
        expect(readingFromModbusRegisters(map, map.block.start, words)).toEqual({
          utility: 'electricity',
          totalBaseUnits: centiKwh * 10,
          voltageDecivolts: decivolts,
          currentMilliamps: centiAmps * 10,
        });
      }),
    );
  });

  const float32 = (value: number): number => Math.fround(value);
  const halfUlpWh = (kwh: number): number => {
    // Half the float32 spacing at kwh, in Wh: the most a float32 register can misstate.
    const f = Math.abs(float32(kwh));
    const exponent = f === 0 ? -126 : Math.max(-126, Math.floor(Math.log2(f)));
    return (2 ** (exponent - 23) / 2) * 1000;
  };

  it('float registers land within the register\'s own precision and never go backwards (SDM120, DDSU666)', () => {
    for (const model of ['eastron-sdm120', 'chint-ddsu666'] as const) {
      const map = MODBUS_MODELS[model];
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99_999_999 }), (a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const decode = (centiKwh: number) => readingFromModbusRegisters(map, map.block.start, encodeModbusRegisters(map, { energyWh: centiKwh * 10 })).totalBaseUnits;
          const lowWh = decode(low);
          expect(Math.abs(lowWh - low * 10)).toBeLessThanOrEqual(halfUlpWh(low / 100) + 0.5);
          expect(decode(high)).toBeGreaterThanOrEqual(lowWh);
        }),
      );
    }
  });

  it('reads a low-word-first (CDAB) register as its high-word-first twin with the words swapped', () => {
    const abcd = ModbusRegisterMap.parse({ ...MODBUS_MODELS['hiking-dds238'], fields: { energy: { register: 0, type: 'int32', scale: 1 } } });
    const cdab = ModbusRegisterMap.parse({ ...abcd, fields: { energy: { register: 0, type: 'int32', wordOrder: 'low_first', scale: 1 } } });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), (w0, w1) => {
        const pad = new Array<number>(16).fill(0);
        const one = () => readingFromModbusRegisters(abcd, 0, [w0, w1, ...pad]);
        const two = () => readingFromModbusRegisters(cdab, 0, [w1, w0, ...pad]);
        if (w0 >= 0x8000) {
          expect(one).toThrow(/negative/);
          expect(two).toThrow(/negative/);
        } else expect(two()).toEqual(one());
      }),
    );
  });
});
