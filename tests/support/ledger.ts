import type { Deps } from '../../functions/src/deps';
import type { LedgerEntry } from '../../functions/src/store';

/** A meter's whole ledger, oldest first, every page followed. */
export async function wholeLedger(deps: Pick<Deps, 'store'>, meterId: string): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.ledger.list(meterId, { limit: 100, ...(cursor ? { cursor } : {}) });
    entries.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return entries.reverse();
}
