/** The amounts a tenant can pick, in fen: 10, 20, 50, 100 and 200 yuan. */
export const PRESET_AMOUNTS_FEN = [1000, 2000, 5000, 10000, 20000] as const;
