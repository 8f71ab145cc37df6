import type { TariffVersion } from '../tariff';

/** A meter's tariff from an instant on (a meter can switch schedules at a set instant). */
export interface TariffAssignment {
  readonly tariffId: string;
  readonly effectiveFrom: Date;
}

/**
 * Merges a meter's tariff assignments with each tariff's own price versions
 * into one timeline of versions, for `priceWithVersions`. Inside the span of an
 * assignment, the tariff's version in force at its start begins at the
 * assignment's instant, and later versions follow at their own instants.
 *
 * @throws RangeError when an assignment names a tariff with no versions (a programmer error: provisioning checks it).
 */
export function tariffTimeline(
  assignments: readonly TariffAssignment[],
  versionsByTariff: ReadonlyMap<string, readonly TariffVersion[]>,
): TariffVersion[] {
  const sorted = [...assignments].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
  return sorted.flatMap((assignment, index) => {
    const startMs = assignment.effectiveFrom.getTime();
    const endMs = sorted[index + 1]?.effectiveFrom.getTime() ?? Number.POSITIVE_INFINITY;
    const versions = [...(versionsByTariff.get(assignment.tariffId) ?? [])].sort(
      (a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime(),
    );
    if (versions.length === 0) throw new RangeError(`Tariff ${assignment.tariffId} has no versions`);
    const inForceAtStart = versions.filter((version) => version.effectiveFrom.getTime() <= startMs).at(-1);
    const later = versions.filter((version) => {
      const ms = version.effectiveFrom.getTime();
      return ms > startMs && ms < endMs;
    });
    // A tariff whose first version starts after the assignment leaves a gap: nothing is in force there.
    const first = inForceAtStart ? [{ effectiveFrom: assignment.effectiveFrom, tariff: inForceAtStart.tariff }] : [];
    return [...first, ...later];
  });
}

/** The version in force at `at`, or null. */
export function versionAt(timeline: readonly TariffVersion[], at: Date): TariffVersion | null {
  const ms = at.getTime();
  return timeline.filter((version) => version.effectiveFrom.getTime() <= ms).at(-1) ?? null;
}
