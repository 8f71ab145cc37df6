import { describe, expect, it } from 'vitest';
import { readingFromDlt645Answers, type Dlt645Answer } from '.';

describe('readingFromDlt645Answers', () => {
  it('folds total, rate registers, voltage and current into one reading', () => {
    // Prepare
    const answers: Dlt645Answer[] = [
      { kind: 'energy', register: 'total', energyWh: 1_234_560 },
      { kind: 'energy', register: 'rate1', energyWh: 234_560 },
      { kind: 'energy', register: 'rate3', energyWh: 1_000_000 },
      { kind: 'voltage', phase: 'A', decivolts: 2201 },
      { kind: 'current', phase: 'A', milliamps: 5250 },
      { kind: 'error', flags: 0x02, meaning: ['no_data_requested'] },
    ];
    // Act
    const reading = readingFromDlt645Answers(answers);
    // Assess
    expect(reading).toEqual({
      utility: 'electricity',
      totalBaseUnits: 1_234_560,
      registers: { rate1: 234_560, rate3: 1_000_000 },
      voltageDecivolts: 2201,
      currentMilliamps: 5250,
    });
  });

  it('returns only the total when that is all there is', () => {
    expect(readingFromDlt645Answers([{ kind: 'energy', register: 'total', energyWh: 0 }])).toEqual({ utility: 'electricity', totalBaseUnits: 0 });
  });

  it('refuses answers without the total register: error_answer when the meter refused, else incomplete', () => {
    expect(() => readingFromDlt645Answers([{ kind: 'error', flags: 2, meaning: ['no_data_requested'] }])).toThrow(
      expect.objectContaining({ reason: 'error_answer', details: expect.objectContaining({ flags: 2 }) }),
    );
    expect(() => readingFromDlt645Answers([{ kind: 'energy', register: 'rate1', energyWh: 10 }])).toThrow(
      expect.objectContaining({ reason: 'incomplete' }),
    );
    expect(() => readingFromDlt645Answers([])).toThrow(expect.objectContaining({ reason: 'incomplete' }));
  });

  it('refuses one register answered with two values as inconsistent, and accepts a repeat', () => {
    const total = (energyWh: number): Dlt645Answer => ({ kind: 'energy', register: 'total', energyWh });
    expect(readingFromDlt645Answers([total(10), total(10)]).totalBaseUnits).toBe(10);
    expect(() => readingFromDlt645Answers([total(10), total(20)])).toThrow(expect.objectContaining({ reason: 'inconsistent' }));
  });
});
