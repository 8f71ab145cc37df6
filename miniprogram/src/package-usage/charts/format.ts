import { formatWhAsKwh, formatLitresAsCubicMetres } from '../../format';

/** A quantity of base units as people read it: `12.50 kWh`, `3.125 m³`. */
export const formatQuantity = (quantity: number, unit: 'Wh' | 'L') => (unit === 'Wh' ? formatWhAsKwh(quantity) : formatLitresAsCubicMetres(quantity));

/** The unit a price is per: kWh or m³. */
export const priceUnit = (unit: 'Wh' | 'L') => (unit === 'Wh' ? 'kWh' : 'm³');
