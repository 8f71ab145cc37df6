import { notFound } from '@prepaid/shared';
import type { Principal } from '../http/types';
import type { MeterRecord, Store } from '../store';

/**
 * Staff scope (CONTRACT: staff, scope and keys). An admin acts on every
 * building; a manager on the buildings granted to them; anything outside is
 * answered exactly as if it did not exist (404), and lists leave it out.
 */
export const isStaff = (principal: Principal): boolean => principal.roles.some((role) => role === 'manager' || role === 'admin');

export const seesEveryBuilding = (principal: Principal): boolean => principal.roles.includes('admin');

/** True when the principal may act, as staff, on what belongs to that building (a meter in no building: admins only). */
export function managesBuilding(principal: Principal, buildingId: string | null): boolean {
  if (seesEveryBuilding(principal)) return true;
  return principal.roles.includes('manager') && buildingId !== null && (principal.buildings ?? []).includes(buildingId);
}

/** The meter, for a staff member allowed to act on it; else the 404 of a meter that does not exist. */
export async function meterInScope(store: Store, principal: Principal, meterId: string): Promise<MeterRecord> {
  const meter = await store.meters.get(meterId);
  if (!meter || !managesBuilding(principal, meter.buildingId)) throw notFound('meter.not_found', `No meter "${meterId}"`);
  return meter;
}

/**
 * The items of a page that the principal may see, each belonging to a meter
 * (of `onlyBuilding` when given). (A manager's page can come out shorter
 * than asked: `next` still goes on from where the page ended, so nothing is skipped.)
 */
export async function keepInScope<T>(store: Store, principal: Principal, items: readonly T[], meterIdOf: (item: T) => string, onlyBuilding?: string): Promise<T[]> {
  if (seesEveryBuilding(principal) && onlyBuilding === undefined) return [...items];
  if (items.length === 0) return [];
  const buildings = await store.meters.buildingsOf(items.map(meterIdOf));
  return items.filter((item) => {
    const meterId = meterIdOf(item);
    const building = buildings.get(meterId) ?? null;
    return buildings.has(meterId) && managesBuilding(principal, building) && (onlyBuilding === undefined || building === onlyBuilding);
  });
}
