import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceMeter, applyOperation, createMeterModel, displayedValues } from './meter-model';
import type { SimMeter } from './types';

const meter: SimMeter = { meterId: 'E-1', utility: 'electricity', protocol: 'dlt645', address: '000000010101', platform: 'ctwing', deviceId: 'ct-E-1', startValue: 1_234_565 };
const START = Date.parse('2026-11-23T06:00:00+08:00');
const HOUR = 3_600_000;

describe('meter model', () => {
  it('counts the same use however the simulated time is cut into ticks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2 * HOUR }), { minLength: 1, maxLength: 30 }), (steps) => {
        // Prepare
        const once = createMeterModel(meter, 5, START);
        const stepped = createMeterModel(meter, 5, START);
        const end = START + steps.reduce((sum, step) => sum + step, 0);
        // Act
        advanceMeter(once, end);
        let at = START;
        for (const step of steps) advanceMeter(stepped, (at += step));
        // Assess
        expect(stepped.exact).toBeCloseTo(once.exact, 6);
      }),
      { numRuns: 50 },
    );
  });

  it('shows multiples of 10 that never go backwards, starting at the start value rounded up', () => {
    const model = createMeterModel(meter, 5, START);
    expect(displayedValues(model).value).toBe(1_234_570);
    let previous = displayedValues(model);
    for (let at = START; at < START + 48 * HOUR; at += HOUR / 3) {
      advanceMeter(model, at);
      const shown = displayedValues(model);
      expect(shown.value % 10).toBe(0);
      expect(shown.value).toBeGreaterThanOrEqual(previous.value);
      for (const rate of ['rate1', 'rate2', 'rate3', 'rate4'] as const) expect(shown.rates[rate]).toBeGreaterThanOrEqual(previous.rates[rate]);
      previous = shown;
    }
    const sumOfRates = Object.values(previous.rates).reduce((sum, value) => sum + value, 0);
    expect(previous.value - sumOfRates).toBeGreaterThanOrEqual(0);
    expect(previous.value - sumOfRates).toBeLessThan(40);
  });

  it('uses nothing while tripped, and refuses to trip in keep-power mode', () => {
    const model = createMeterModel(meter, 5, START);
    expect(applyOperation(model, { kind: 'relay', action: 'trip' })).toEqual({ accepted: true, awaitsButton: false });
    advanceMeter(model, START + 10 * HOUR);
    expect(displayedValues(model).value).toBe(1_234_570);
    expect(applyOperation(model, { kind: 'relay', action: 'close_allowed' })).toEqual({ accepted: true, awaitsButton: true });
    expect(model.supply).toBe('off');
    applyOperation(model, { kind: 'relay', action: 'keep_on' });
    expect(model.supply).toBe('on');
    expect(applyOperation(model, { kind: 'relay', action: 'trip' }).accepted).toBe(false);
    applyOperation(model, { kind: 'relay', action: 'keep_off' });
    expect(applyOperation(model, { kind: 'relay', action: 'trip' }).accepted).toBe(true);
  });
});
