import { exactCostMicroFen, parsePrice } from '../money';
import { cycleBounds, proRatedThreshold } from './cycle';
import type { PriceItem } from './pricing-types';
import type { TieredTariff } from './schema';
import { thresholdBaseUnits } from './tiers';

/**
 * Prices `quantity` base units consumed in the cycle of `cycleAtMs`, after
 * `cycleUsedBefore` units already billed in that cycle. The consumption
 * occupies `[cycleUsedBefore, cycleUsedBefore + quantity)` on the cycle's
 * cumulative axis and is cut exactly at each threshold, so a reading that
 * crosses a threshold is billed partly at each tier, and any way of cutting
 * the same consumption into readings bills the same units at the same tiers.
 */
export function priceTiered(
  tariff: TieredTariff,
  quantity: number,
  cycleUsedBefore: number,
  cycleAtMs: number,
  tenancyStartMs: number | undefined,
): PriceItem[] {
  const bounds = cycleBounds(tariff.cycle, cycleAtMs);
  const start = cycleUsedBefore;
  const end = cycleUsedBefore + quantity;
  const items: PriceItem[] = [];
  let lower = 0;
  for (const [index, tier] of tariff.tiers.entries()) {
    const upper = tier.upTo === null ? end : proRatedThreshold(thresholdBaseUnits(tier.upTo), bounds, tenancyStartMs);
    const inTier = Math.max(0, Math.min(end, upper) - Math.max(start, lower));
    if (inTier > 0) {
      const pricePer10kYuan = parsePrice(tier.price);
      items.push({
        label: `tier ${index + 1}`,
        kind: 'consumption',
        tier: index + 1,
        quantity: inTier,
        pricePer10kYuan,
        costMicroFen: exactCostMicroFen(inTier, pricePer10kYuan),
      });
    }
    lower = Math.max(lower, upper);
  }
  return items;
}
