import type { MeterView, Utility } from '@prepaid/shared';

/** Chinese and English name of a utility: 电 electricity, 水 water. */
export const UTILITY_LABELS: Record<Utility, { zh: string; en: string }> = {
  electricity: { zh: '电', en: 'electricity' },
  water: { zh: '水', en: 'water' },
};

const SUPPLY_LABELS: Record<'zh' | 'en', Record<Utility, Record<MeterView['supply'], string>>> = {
  zh: { electricity: { on: '供电中', off: '已断电' }, water: { on: '供水中', off: '已关阀' } },
  en: { electricity: { on: 'Power on', off: 'Power cut' }, water: { on: 'Water on', off: 'Valve closed' } },
};

/** What the supply state means for this utility: 供电中 / 已断电, 供水中 / 已关阀 (or in English). */
export function describeSupply(utility: Utility, supply: MeterView['supply'], language: 'zh' | 'en' = 'zh'): string {
  return SUPPLY_LABELS[language][utility][supply];
}

/** '幸福里 A 栋 · 502' (the building's name, else its id), one of the two, or null when the meter has no room on record. */
export function describeLocation(meter: Pick<MeterView, 'building' | 'room'> & Partial<Pick<MeterView, 'circuit'>> & { buildingName?: string | null | undefined }): string | null {
  // A circuit of a dormitory terminal is named by what it feeds (照明回路), else by its number.
  const circuit = meter.circuit ? `${meter.circuit.label ?? `${meter.circuit.number}号`}回路` : null;
  const parts = [meter.buildingName ?? meter.building, meter.room, circuit].filter((part): part is string => part !== null && part !== undefined && part !== '');
  return parts.length === 0 ? null : parts.join(' · ');
}
