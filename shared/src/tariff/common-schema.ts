import * as z from 'zod';
import { PRICE_PATTERN } from '../money';

/** A price in yuan per kWh or m³: a decimal string with at most 4 decimals ("0.4883"). */
export const PriceText = z.string().regex(PRICE_PATTERN, 'must be a decimal string of yuan with at most 4 decimals');

export const TariffName = z.string().trim().min(1).max(100);

export const TariffUtility = z.enum(['electricity', 'water']);

/**
 * A charge per unit billed on top of the energy or water price and shown as
 * its own line, e.g. the sewage fee 污水处理费 at "0.95" yuan per m³.
 */
export const TariffComponent = z.strictObject({
  name: z.string().trim().min(1).max(40),
  price: PriceText,
});
export type TariffComponent = z.infer<typeof TariffComponent>;

export const TariffComponents = z
  .array(TariffComponent)
  .max(10)
  .superRefine((components, ctx) => {
    const names = components.map((component) => component.name);
    const repeated = names.findIndex((name, index) => names.indexOf(name) !== index);
    if (repeated !== -1) ctx.addIssue({ code: 'custom', message: 'component names must be unique', path: [repeated, 'name'] });
  });
