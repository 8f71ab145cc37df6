import {
  CodecError,
  decodeCjt188Answer,
  parseCjt188Frame,
  parseDlt645Frame,
  decodeDlt645Answer,
  readingFromCjt188Answer,
  readingFromDlt645Answers,
  type DecodedReading,
  type Dlt645Answer,
} from '../codecs';

/** What one uplink payload of a meter said. */
export interface MeterReport {
  /** The reading it carried, if any. */
  readonly reading: DecodedReading | null;
  /** The meter's answer to a remote command carried in the same payload, if any. */
  readonly commandAnswer: 'ok' | 'error' | null;
}

/**
 * Splits a transparent payload into frames: NB-IoT meters often send several
 * answers (total and rate registers) back to back. Each frame is found by its
 * start byte and its own length field; anything else is a `CodecError`.
 */
export function splitFrames(bytes: Uint8Array, protocol: 'dlt645' | 'cjt188'): Uint8Array[] {
  // DL/T 645: 68 A0..A5 68 C L → L at +9; CJ/T 188: 68 T A0..A6 C L → L at +10. Frame = header + L + CS + 16.
  const lengthAt = protocol === 'dlt645' ? 9 : 10;
  const frames: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    let start = offset;
    while (start < bytes.length && bytes[start] === 0xfe) start++;
    if (start >= bytes.length) break;
    const length = bytes[start + lengthAt];
    if (bytes[start] !== 0x68 || length === undefined) throw new CodecError('truncated', 'the payload does not hold a whole frame');
    const end = start + lengthAt + 1 + length + 2;
    if (end > bytes.length) throw new CodecError('truncated', 'the last frame of the payload is cut short');
    frames.push(bytes.subarray(offset, end));
    offset = end;
  }
  if (frames.length === 0) throw new CodecError('truncated', 'the payload holds no frame');
  return frames;
}

/**
 * The key a metering point is found by on its device: its address without
 * leading zeros, whatever the protocol (`000000002101` as a DL/T 645 frame
 * carries it, `00000000002101` as a CJ/T 188 one, slave `2101` on Modbus are
 * one address). So two meters of one device can never be told apart only by
 * padding: the second is refused when it is created, and a gateway's report
 * names exactly one meter.
 */
export function meterPointKey(address: string): string {
  return address.toUpperCase().replace(/^0+(?=.)/, '');
}

/**
 * Splits a multi-circuit terminal's payload by the meter address each frame
 * carries: one payload answers for every circuit, each circuit with its own
 * address, and each group is then decoded as its own meter's payload.
 * A frame whose header does not parse is a `CodecError` (nothing is routed).
 */
export function framesByAddress(bytes: Uint8Array, protocol: 'dlt645' | 'cjt188'): Map<string, Uint8Array> {
  const groups = new Map<string, Uint8Array[]>();
  for (const frame of splitFrames(bytes, protocol)) {
    const address = meterPointKey(protocol === 'dlt645' ? parseDlt645Frame(frame).address : parseCjt188Frame(frame).address);
    groups.set(address, [...(groups.get(address) ?? []), frame]);
  }
  return new Map(
    [...groups].map(([address, frames]) => {
      const joined = new Uint8Array(frames.reduce((size, frame) => size + frame.length, 0));
      let offset = 0;
      for (const frame of frames) {
        joined.set(frame, offset);
        offset += frame.length;
      }
      return [address, joined];
    }),
  );
}

/** Decodes an uplink payload of a meter at `address` into its reading and any command answer. */
export function decodeMeterPayload(bytes: Uint8Array, protocol: 'dlt645' | 'cjt188', address: string): MeterReport {
  const frames = splitFrames(bytes, protocol);
  if (protocol === 'cjt188') {
    let reading: DecodedReading | null = null;
    let commandAnswer: MeterReport['commandAnswer'] = null;
    for (const frame of frames) {
      const answer = decodeCjt188Answer(frame, { expectedAddress: address.padStart(14, '0') });
      if (answer.kind === 'flow') reading = readingFromCjt188Answer(answer);
      else commandAnswer = answer.kind === 'valve_ok' ? 'ok' : 'error';
    }
    return { reading, commandAnswer };
  }
  const answers: Dlt645Answer[] = frames.map((frame) => decodeDlt645Answer(frame, { expectedAddress: address.padStart(12, '0') }));
  const commandAnswer = answers.some((a) => a.kind === 'control_error') ? 'error' : answers.some((a) => a.kind === 'control_ok') ? 'ok' : null;
  const measured = answers.filter((a) => a.kind === 'energy' || a.kind === 'voltage' || a.kind === 'current');
  const hasEnergy = measured.some((a) => a.kind === 'energy');
  const errors = answers.filter((a) => a.kind === 'error');
  if (!hasEnergy && commandAnswer === null && errors.length > 0) throw new CodecError('invalid_payload', 'the meter answered with an error and no reading');
  return { reading: hasEnergy ? readingFromDlt645Answers(measured) : null, commandAnswer };
}
