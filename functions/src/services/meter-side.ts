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
    const next = { ...meter.purchase, count, fen: creditedFen };
    if (await deps.store.meters.issuePurchase(meter.id, meter.purchase, next, deps.store.commands.item(command))) {
      return dispatchCommand(deps, command);
    }
  }
  deps.log.warn({ meterId }, 'purchase not issued after repeated conflicts; the next posting or sweep tries again');
  return null;
}

/** How many of a meter's newest commands are looked at for its purchases in flight (a meter has a few a month). */
const RECENT_COMMANDS = 50;

const IN_FLIGHT: readonly StoredCommand['status'][] = ['queued', 'sent', 'delivered'];

/**
 * A meter that keeps its own balance was replaced (its final reading billed,
 * the new one's baseline at `replacedAt`): the new one holds nothing and
 * counts its purchases from 0. First the count starts again, conditioned on
 * the purchases read (a purchase decided on the old count then writes
 * nothing), and what the wallet holds is owed to the new meter (a wallet in
 * arrears is owed nothing until payments cover the debt); then every purchase
 * created before is ended and taken out of the gateway's outbox (the new
 * meter would refuse or misread their numbers; the outbox drops one that
 * reaches it later); then the purchase rule issues the new meter's purchase 1.
 * The same replacement sent again restarts nothing. Without this, the new
 * meter's count of 0 against our last number read as purchases lost.
 */
export async function restartPurchases(deps: Deps, meterId: string, replacedAt: string): Promise<StoredCommand | null> {
  for (let decision = 0; decision < MAX_DECISIONS; decision++) {
    // Taken afresh each time: a purchase that won a race with an earlier attempt was created before this one.
    const since = deps.clock.now().toISOString();
    const snapshot = await deps.store.meters.purchaseSnapshot(meterId);
    if (!snapshot || snapshot.meter.billing !== 'meter') return null;
    if (snapshot.meter.purchase.replacedAt === replacedAt) break;
    // Everything credited but what the wallet holds counts as sent: the new meter is owed the balance, no more.
    const restart = { count: 0, fen: Math.max(0, snapshot.creditedFen - snapshot.balanceFen), since, replacedAt };
    if (await deps.store.meters.restartPurchases(meterId, snapshot.meter.purchase, restart)) {
      await endOldPurchases(deps, meterId, since);
      break;
    }
    if (decision === MAX_DECISIONS - 1) {
      deps.log.warn({ meterId }, 'purchases not restarted after repeated conflicts');
      return null;
    }
  }
  return issuePurchases(deps, meterId);
}

/** Ends every purchase of `meterId` created before `since` that is still on its way, and takes it out of its gateway's outbox. */
async function endOldPurchases(deps: Deps, meterId: string, since: string): Promise<void> {
  const meter = await deps.store.meters.get(meterId);
  const commands = (await deps.store.commands.list(meterId, { limit: RECENT_COMMANDS, consistent: true })).items;
  for (const command of commands.filter((c) => c.action === 'purchase' && c.createdAt < since && IN_FLIGHT.includes(c.status))) {
    await deps.store.commands.tryTransition(command, 'failed', deps.clock.now().toISOString(), { detail: 'the meter was replaced before it took this purchase; the new meter is sent what the wallet holds' });
    if (meter?.platform === 'gateway') await deps.store.gateways.takeFromOutbox(meter.deviceId, meterId, command.id);
  }
}

/**
 * What a meter-side meter says of itself (its balance and purchase count),
 * reconciled with the purchases we issued: a purchase that never arrived
 * or one counted twice raises `purchase_mismatch` for the managers. Its
 * balance is kept (the supply rule follows it). Nothing is corrected by itself.
 */
export async function applyMeterState(deps: Deps, meter: MeterRecord, state: { purchaseCount: number; balanceFen: number }, at: Date): Promise<PurchaseVerdict['kind'] | 'platform_billed' | 'stale'> {
  if (meter.billing !== 'meter') return 'platform_billed';
  // A report older than the one kept (a late batch), or from before a replacement (the old meter's), says nothing new:
  // it neither overwrites the newer balance nor alarms.
  if (meter.meterSide && at.toISOString() <= meter.meterSide.at) return 'stale';
  if (meter.purchase.since && at.toISOString() < meter.purchase.since) return 'stale';
  await deps.store.meters.setMeterSide(meter.id, { ...state, at: at.toISOString() });
  const commands = (await deps.store.commands.list(meter.id, { limit: RECENT_COMMANDS })).items;
  const current = (await deps.store.meters.get(meter.id)) ?? meter;
  // After a replacement, only the new meter's purchases count (the old one's numbers start again at 1).
  const since = current.purchase.since ?? '';
  const issued = commands.flatMap((command) =>
    command.action === 'purchase' && command.purchase && command.createdAt >= since ? [{ ...command.purchase, inFlight: IN_FLIGHT.includes(command.status) }] : [],
  );
  const verdict = reconcilePurchases(current.purchase.count, issued, state);
  const finding = purchaseMismatchFinding(verdict, state, at);
  if (finding) await raiseAndTell(deps, meter.id, finding, deps.clock.now());
  return verdict.kind;
}
