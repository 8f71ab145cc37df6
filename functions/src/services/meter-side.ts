import { purchaseMismatchFinding, reconcilePurchases, type PurchaseVerdict } from '@prepaid/shared';
import type { Deps } from '../deps';
import type { MeterRecord, StoredCommand } from '../store';
import { raiseAndTell } from './alarms';
import { dispatchCommand, newCommand } from './commands';

/** Decisions taken again when another run issued a purchase first (each retry reads afresh). */
const MAX_DECISIONS = 5;

/**
 * Meter-side billing (表端计费), the purchase rule: what the wallet was ever
 * credited and not yet sent to the meter goes out as the next numbered
 * purchase. A reconciliation, like the supply rule: run after every posting
 * (and on every sweep), it issues exactly what is missing, once — the count
 * is claimed by a conditional write together with the purchase's command, so
 * two runs at once issue one purchase. The ledger stays the truth for money.
 */
export async function issuePurchases(deps: Deps, meterId: string): Promise<StoredCommand | null> {
  for (let decision = 0; decision < MAX_DECISIONS; decision++) {
    const snapshot = await deps.store.meters.purchaseSnapshot(meterId);
    if (!snapshot || snapshot.meter.billing !== 'meter') return null;
    const { meter, creditedFen } = snapshot;
    const owedFen = creditedFen - meter.purchase.fen;
    if (owedFen <= 0) return null;
    const count = meter.purchase.count + 1;
    const command = { ...newCommand(deps, meter.id, 'purchase', 'system:purchase', `purchase ${count}: ${owedFen} fen`), purchase: { count, amountFen: owedFen } };
    if (await deps.store.meters.issuePurchase(meter.id, meter.purchase.count, { count, fen: creditedFen }, deps.store.commands.item(command))) {
      return dispatchCommand(deps, command);
    }
  }
  deps.log.warn({ meterId }, 'purchase not issued after repeated conflicts; the next posting or sweep tries again');
  return null;
}

/** How many of a meter's newest commands are looked at for its purchases in flight (a meter has a few a month). */
const RECENT_COMMANDS = 50;

/**
 * What a meter-side meter says of itself (its balance and purchase count),
 * reconciled with the purchases we issued: a purchase that never arrived
 * or one counted twice raises `purchase_mismatch` for the managers. Its
 * balance is kept (the supply rule follows it). Nothing is corrected by itself.
 */
export async function applyMeterState(deps: Deps, meter: MeterRecord, state: { purchaseCount: number; balanceFen: number }, at: Date): Promise<PurchaseVerdict['kind'] | 'platform_billed' | 'stale'> {
  if (meter.billing !== 'meter') return 'platform_billed';
  // A report older than the one kept (a late batch) says nothing new: it neither overwrites the newer balance nor alarms.
  if (meter.meterSide && at.toISOString() <= meter.meterSide.at) return 'stale';
  await deps.store.meters.setMeterSide(meter.id, { ...state, at: at.toISOString() });
  const commands = (await deps.store.commands.list(meter.id, { limit: RECENT_COMMANDS })).items;
  const issued = commands.flatMap((command) =>
    command.action === 'purchase' && command.purchase ? [{ ...command.purchase, inFlight: ['queued', 'sent', 'delivered'].includes(command.status) }] : [],
  );
  const current = (await deps.store.meters.get(meter.id)) ?? meter;
  const verdict = reconcilePurchases(current.purchase.count, issued, state);
  const finding = purchaseMismatchFinding(verdict, state, at);
  if (finding) await raiseAndTell(deps, meter.id, finding, deps.clock.now());
  return verdict.kind;
}
