import { AppError } from '../errors';

/**
 * Why a frame, a payload or an encoder argument was refused. Stable: the
 * error code is `codec.<reason>`, which is what callers and clients branch on.
 *
 * - `truncated`: the bytes end before the frame does.
 * - `bad_length`: the length byte disagrees with the bytes (including bytes
 *   after the end byte), or a data field is not the size its identifier needs.
 * - `bad_start` / `bad_end`: no `0x68` where the frame must start (or repeat
 *   it), no `0x16` where it must end.
 * - `bad_checksum`: the sum byte does not match.
 * - `invalid_bcd`: a field that must be BCD holds a nibble above 9.
 * - `address_mismatch`: the answer comes from another meter than the one asked.
 * - `unsupported`: a well-formed frame this codec does not understand
 *   (control code, data identifier, unit, meter type).
 * - `error_answer`: the meter answered with an error (DL/T 645 0xD1) where a
 *   value was needed. Decoders return error answers as values; this reason is
 *   for the code that folds answers into a reading and must give up.
 * - `incomplete` / `inconsistent`: a set of answers or properties lacks the
 *   total register, or reports two different values for one register.
 * - `invalid_argument`: an encoder was handed a value it cannot encode
 *   (address, time, password…), or a decoder something that is not bytes.
 * - `invalid_payload`: a JSON property payload does not match its schema or
 *   holds a quantity that is not an exact decimal in range.
 */
export type CodecErrorReason =
  | 'truncated'
  | 'bad_length'
  | 'bad_start'
  | 'bad_end'
  | 'bad_checksum'
  | 'invalid_bcd'
  | 'address_mismatch'
  | 'unsupported'
  | 'error_answer'
  | 'incomplete'
  | 'inconsistent'
  | 'invalid_argument'
  | 'invalid_payload';

/**
 * The one error every meter codec throws, for any malformed input: never a
 * RangeError, TypeError or a read past the end. A bad frame from a meter is an
 * operating error (status 400), not a bug.
 *
 * @example
 * try { parseDlt645Frame(bytes) } catch (e) { if (e instanceof CodecError && e.reason === 'bad_checksum') … }
 */
export class CodecError extends AppError {
  override readonly name = 'CodecError';
  readonly reason: CodecErrorReason;

  constructor(
    reason: CodecErrorReason,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(`codec.${reason}`, 400, message, { cause: options.cause, details: { reason, ...(options.details ?? {}) } });
    this.reason = reason;
  }
}

/** True for a {@link CodecError}, optionally of one reason. */
export function isCodecError(error: unknown, reason?: CodecErrorReason): error is CodecError {
  return error instanceof CodecError && (reason === undefined || error.reason === reason);
}
