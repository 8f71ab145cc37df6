import { notFound, type List, type LedgerEntryView, type PageQuery, type RecordView } from '@prepaid/shared';
import type { Principal } from '../http/types';
import { shanghaiDay, type LedgerEntry, type Store } from '../store';
import { assertCanRead, toLedgerView } from './meters';

/** Ledger entries read per Query while records are being formed. */
const PAGE = 100;

type Open = Extract<RecordView, { kind: 'charges' }> & { lastSeq: number };

/**
 * A tenant's records (`GET /v1/meters/{id}/records`): the ledger, newest
 * first, with each Beijing day's charges summed into one line (a meter
 * reporting every 15 minutes posts ~96 a day) and every other entry on its
 * own, each with the balance after it. A page ends on a whole record: the
 * ledger is read on until the next record begins, and the cursor continues
 * after the last entry of the last record.
 */
export async function listRecords(store: Store, principal: Principal, meterId: string, page: PageQuery): Promise<List<RecordView>> {
  await assertCanRead(store, principal, meterId);
  if (!(await store.meters.get(meterId))) throw notFound('meter.not_found', `No meter "${meterId}"`);
  const records: (RecordView & { lastSeq: number })[] = [];
  let open = null as Open | null;
  let cursor = page.cursor;
  const full = () => records.length >= page.limit;
  const done = (): List<RecordView> => ({ items: records.map(({ lastSeq: _lastSeq, ...record }) => record), next: store.ledger.cursorAfter(meterId, records.at(-1)!.lastSeq) });
  for (;;) {
    const { items, next } = await store.ledger.list(meterId, { limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const entry of items) {
      if (entry.kind === 'charge' && open && open.day === shanghaiDay(entry.at)) {
        open = { ...open, count: open.count + 1, quantity: open.quantity + (entry.quantity ?? 0), amountFen: open.amountFen + entry.amountFen, from: entry.at, lastSeq: entry.seq };
        continue;
      }
      // A new record begins here: the one before is whole.
      if (open) records.push(open);
      open = null;
      if (full()) return done();
      if (entry.kind === 'charge') open = chargesOf(entry);
      else records.push(singleOf(entry));
    }
    if (!next) {
      if (open) records.push(open);
      return { items: records.map(({ lastSeq: _lastSeq, ...record }) => record), next: null };
    }
    cursor = next;
  }
}

const chargesOf = (entry: LedgerEntry): Open => ({
  kind: 'charges',
  day: shanghaiDay(entry.at),
  count: 1,
  quantity: entry.quantity ?? 0,
  amountFen: entry.amountFen,
  balanceAfterFen: entry.balanceAfterFen,
  from: entry.at,
  to: entry.at,
  lastSeq: entry.seq,
});

const singleOf = (entry: LedgerEntry): RecordView & { lastSeq: number } => ({
  kind: entry.kind === 'charge' ? 'adjustment' : entry.kind,
  entryId: entry.id,
  amountFen: entry.amountFen,
  balanceAfterFen: entry.balanceAfterFen,
  at: entry.at,
  ...(entry.method ? { method: entry.method } : {}),
  ...(entry.reason ? { reason: entry.reason } : {}),
  lastSeq: entry.seq,
});

/** One ledger entry of the meter (a receipt): 404 for an entry of another meter. */
export async function getEntry(store: Store, principal: Principal, meterId: string, entryId: string): Promise<LedgerEntryView> {
  await assertCanRead(store, principal, meterId);
  const entry = await store.ledger.getEntry(entryId);
  if (!entry || entry.meterId !== meterId) throw notFound('ledger.entry_not_found', `No entry "${entryId}" on meter "${meterId}"`);
  return toLedgerView(entry);
}
