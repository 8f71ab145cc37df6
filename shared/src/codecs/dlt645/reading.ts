import { CodecError } from '../codec-error';
import type { DecodedReading, DecodedRegisters } from '../decoded-reading';
import type { Dlt645Answer } from './answer';

type Register = keyof DecodedRegisters;

/** Why there is no total: the meter refused a read (`error_answer`, with its flags), or nobody asked (`incomplete`). */
function missingTotal(answers: readonly Dlt645Answer[]): CodecError {
  const refusal = answers.find((answer) => answer.kind === 'error');
  if (refusal?.kind === 'error') {
    return new CodecError('error_answer', `DL/T 645: the meter answered with error flags 0x${refusal.flags.toString(16)}`, {
      details: { flags: refusal.flags, meaning: refusal.meaning },
    });
  }
  return new CodecError('incomplete', 'DL/T 645: no total forward active energy among the answers');
}

/**
 * Folds the answers to one round of reads into a reading. The total register
 * is required; the rate registers, voltage and current are taken when present.
 * Error and control answers carry no values and are skipped while a total is
 * present.
 *
 * @throws CodecError `error_answer` (with the flags) when there is no total and
 *   the meter answered an error, `incomplete` when there is no total otherwise,
 *   `inconsistent` when one register is answered twice with different values.
 * @example readingFromDlt645Answers([{ kind: 'energy', register: 'total', energyWh: 1234560 }])
 *   // { utility: 'electricity', totalBaseUnits: 1234560 }
 */
export function readingFromDlt645Answers(answers: readonly Dlt645Answer[]): DecodedReading {
  const energy = new Map<string, number>();
  let voltageDecivolts: number | undefined;
  let currentMilliamps: number | undefined;
  for (const answer of answers) {
    if (answer.kind === 'energy') {
      const seen = energy.get(answer.register);
      if (seen !== undefined && seen !== answer.energyWh) {
        throw new CodecError('inconsistent', `DL/T 645: register ${answer.register} answered ${seen} and ${answer.energyWh} Wh`, {
          details: { register: answer.register },
        });
      }
      energy.set(answer.register, answer.energyWh);
    } else if (answer.kind === 'voltage') voltageDecivolts = answer.decivolts;
    else if (answer.kind === 'current') currentMilliamps = answer.milliamps;
  }
  const total = energy.get('total');
  if (total === undefined) throw missingTotal(answers);
  const registers: Partial<Record<Register, number>> = {};
  for (const register of ['rate1', 'rate2', 'rate3', 'rate4'] as const) {
    const value = energy.get(register);
    if (value !== undefined) registers[register] = value;
  }
  return {
    utility: 'electricity',
    totalBaseUnits: total,
    ...(Object.keys(registers).length > 0 ? { registers } : {}),
    ...(voltageDecivolts !== undefined ? { voltageDecivolts } : {}),
    ...(currentMilliamps !== undefined ? { currentMilliamps } : {}),
  };
}
