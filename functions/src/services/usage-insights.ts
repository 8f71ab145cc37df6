import { notFound, shanghaiCalendar, usageInsights, versionAt, type UsageInsights } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { Principal } from '../http/types';
import { beijingDate } from '../platform/beijing-time';
import { timelineOf } from './billing';
import { assertCanRead } from './meters';

const DAY_MS = 86_400_000;
const pad = (value: number) => String(value).padStart(2, '0');

/**
 * `GET /v1/meters/{id}/usage/insights`: the month so far and its forecast,
 * last month's average price, tier progress or time-of-use split, tips. Two
 * Queries of the usage aggregates (months since January or four months back,
 * days since the month began or a week back) and the tariff, never readings.
 */
export async function insightsOf(deps: Deps, principal: Principal, meterId: string): Promise<UsageInsights & { meterId: string }> {
  await assertCanRead(deps.store, principal, meterId);
  const meter = await deps.store.meters.get(meterId);
  if (!meter) throw notFound('meter.not_found', `No meter "${meterId}"`);
  const now = deps.clock.now();
  const today = shanghaiCalendar(now.getTime());
  const back4 = (today.year * 12 + today.month - 1) - 4;
  const fromMonth = today.month > 4 ? `${today.year}-01` : `${Math.floor(back4 / 12)}-${pad((back4 % 12) + 1)}`;
  const thisMonth = `${today.year}-${pad(today.month)}`;
  const weekAgo = beijingDate(new Date(now.getTime() - 7 * DAY_MS));
  const monthStart = `${thisMonth}-01`;
  const [months, days, timeline] = await Promise.all([
    deps.store.usage.months(meterId, fromMonth, thisMonth),
    deps.store.usage.days(meterId, weekAgo < monthStart ? weekAgo : monthStart, beijingDate(now)),
    timelineOf(deps, meter),
  ]);
  const insights = usageInsights({
    now,
    utility: meter.utility,
    tariff: versionAt(timeline, now)?.tariff ?? null,
    months: months.map((item) => ({ month: item.month, quantity: item.usage.quantity, costMicroFen: item.usage.costMicroFen })),
    days: days.map((item) => ({ day: item.day, hours: Array.from({ length: 24 }, (_, hour) => item.usage.parts[hour]?.quantity ?? 0) })),
  });
  return { meterId, ...insights };
}
