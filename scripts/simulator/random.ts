/**
 * Seeded randomness for the simulator. Draws are keyed by what they are for
 * (seed, meter, slot, purpose) rather than taken from one running stream, so
 * a meter's consumption does not depend on how the real-time ticks happened
 * to fall or on what the other meters did: the same seed gives the same day.
 */

/** A 32-bit hash of the parts (FNV-1a over their text, then a murmur3 finaliser). */
export function hashParts(...parts: readonly (number | string)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0001')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** mulberry32: a small, fast PRNG with a 32-bit state; yields numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A generator for one keyed purpose, e.g. `randomFor(seed, 'E-A101', 'slot', 1234)`. */
export const randomFor = (...parts: readonly (number | string)[]): (() => number) => mulberry32(hashParts(...parts));

/** A uniform draw in [min, max). */
export const between = (random: () => number, min: number, max: number): number => min + (max - min) * random();
