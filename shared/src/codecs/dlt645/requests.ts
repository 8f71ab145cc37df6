import { dataIdBytes } from './data-ids';
import { DLT645_BROADCAST_ADDRESS, encodeDlt645Frame, type Dlt645EncodeOptions } from './frame';

/** DL/T 645-2007 control codes (C) of the requests and answers this codec knows. */
export const DLT645_CONTROL = {
  read: 0x11,
  readAnswer: 0x91,
  readError: 0xd1,
  readAddress: 0x13,
  readAddressAnswer: 0x93,
  remoteControl: 0x1c,
  remoteControlOk: 0x9c,
  remoteControlError: 0xdc,
} as const;

/**
 * A read request (C = 0x11) for one data identifier, sent DI0 first.
 *
 * @throws CodecError `invalid_argument` for a bad address or data identifier.
 * @example encodeDlt645Read('123456789012', DLT645_DATA_ID.totalForwardActiveEnergy)
 *   // FE FE FE FE 68 12 90 78 56 34 12 68 11 04 33 33 34 33 68 16
 */
export function encodeDlt645Read(address: string, dataId: number, options: Dlt645EncodeOptions = {}): Uint8Array {
  return encodeDlt645Frame({ address, control: DLT645_CONTROL.read, data: dataIdBytes(dataId) }, options);
}

/**
 * A read-address request (C = 0x13) to the broadcast address: the one meter on
 * the link answers (0x93) with its address. For commissioning a meter whose
 * address nobody wrote down.
 */
export function encodeDlt645ReadAddress(options: Dlt645EncodeOptions = {}): Uint8Array {
  return encodeDlt645Frame(
    { address: DLT645_BROADCAST_ADDRESS, control: DLT645_CONTROL.readAddress, data: new Uint8Array() },
    options,
  );
}
