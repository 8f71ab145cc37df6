/**
 * What domain code needs from the outside world but must not own: time and ids.
 * `functions/` provides the real ones; tests hand in fixed ones.
 */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new unique, URL-safe id. */
  next(): string;
}
