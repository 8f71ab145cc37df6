/**
 * The error-information word (ERR) of a DL/T 645-2007 abnormal answer to a
 * read (C = 0xD1), bit by bit. Bit 7 is reserved.
 */
export type Dlt645ErrorMeaning =
  | 'other_error'
  | 'no_data_requested'
  | 'unauthorised'
  | 'baud_rate_unchangeable'
  | 'annual_time_zones_exceeded'
  | 'daily_time_slots_exceeded'
  | 'tariff_count_exceeded';

const ERROR_BITS: ReadonlyArray<readonly [number, Dlt645ErrorMeaning]> = [
  [0x01, 'other_error'],
  [0x02, 'no_data_requested'],
  [0x04, 'unauthorised'],
  [0x08, 'baud_rate_unchangeable'],
  [0x10, 'annual_time_zones_exceeded'],
  [0x20, 'daily_time_slots_exceeded'],
  [0x40, 'tariff_count_exceeded'],
];

/**
 * Names the bits set in an error word, lowest bit first (`unauthorised` is
 * "password wrong or not authorised").
 *
 * @example describeDlt645ErrorFlags(0x06) // ['no_data_requested', 'unauthorised']
 */
export function describeDlt645ErrorFlags(flags: number): Dlt645ErrorMeaning[] {
  return ERROR_BITS.filter(([bit]) => (flags & bit) !== 0).map(([, meaning]) => meaning);
}
