import * as z from 'zod';
import { PriceText, TariffComponents, TariffName, TariffUtility } from './common-schema';
import { isExactThreshold } from './tiers';
import { TouTariff } from './tou-schema';

/**
 * Tariff bodies as CONTRACT.md defines them (`POST /v1/admin/tariffs`), plus
 * the optional `seasons` of a time-of-use tariff and per-unit `components` of
 * any kind. Objects are strict: a misspelt optional field (`season`) would
 * otherwise be ignored silently and bill the wrong price.
 */

/** One price per kWh or m³. */
export const FlatTariff = z.strictObject({
  name: TariffName,
  utility: TariffUtility,
  kind: z.literal('flat'),
  price: PriceText,
  components: TariffComponents.optional(),
});
export type FlatTariff = z.infer<typeof FlatTariff>;

/** One tier: consumption per cycle up to `upTo` kWh or m³ (cumulative), `null` for the last, open tier. */
export const TariffTier = z.strictObject({
  upTo: z
    .number()
    .refine(isExactThreshold, 'must be a positive number of kWh or m³ with at most 3 decimals')
    .nullable(),
  price: PriceText,
});
export type TariffTier = z.infer<typeof TariffTier>;

/** Cumulative tiers per calendar month or year: thresholds strictly increasing, the last one open. */
export const TieredTariff = z
  .strictObject({
    name: TariffName,
    utility: TariffUtility,
    kind: z.literal('tiered'),
    cycle: z.enum(['month', 'year']),
    tiers: z.array(TariffTier).min(1).max(10),
    components: TariffComponents.optional(),
  })
  .superRefine((tariff, ctx) => {
    const last = tariff.tiers.length - 1;
    tariff.tiers.forEach((tier, index) => {
      const path = ['tiers', index, 'upTo'];
      if (index === last && tier.upTo !== null) ctx.addIssue({ code: 'custom', message: 'the last tier must be open (null)', path });
      if (index < last && tier.upTo === null) ctx.addIssue({ code: 'custom', message: 'only the last tier may be open', path });
      const previous = tariff.tiers[index - 1]?.upTo ?? null;
      if (tier.upTo !== null && previous !== null && tier.upTo <= previous) {
        ctx.addIssue({ code: 'custom', message: 'thresholds must increase strictly', path });
      }
    });
  });
export type TieredTariff = z.infer<typeof TieredTariff>;

/** Any tariff body; `kind` selects the shape. Derive the OpenAPI schema from this. */
export const Tariff = z.discriminatedUnion('kind', [FlatTariff, TieredTariff, TouTariff]);
export type Tariff = z.infer<typeof Tariff>;
export type TariffKind = Tariff['kind'];
