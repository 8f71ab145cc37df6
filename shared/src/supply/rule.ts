/**
 * The supply rule as a reconciliation: what the supply should be, from the
 * facts alone, and the one command that is missing to get there. Pure: the
 * caller loads the facts, queues the command conditioned on them (so a fact
 * that changed meanwhile makes it decide again), and calls this after every
 * posting, every command outcome and on every sweep, until nothing is missing.
 */

export type SupplyState = 'on' | 'off';
export type SupplyAction = 'cut' | 'restore';

export interface SupplyFacts {
  /** The wallet's balance now. */
  readonly balanceFen: number;
  /** The meter must never be cut for arrears (a manager's or a site's decision). */
  readonly keepOn: boolean;
  /** A manager cut the supply by hand: no credit lifts it, only a manual restore. */
  readonly hold: boolean;
  /** What the meter last reported (or last confirmed a command for). */
  readonly reported: SupplyState;
  /** The supply command on its way to the meter, if any. */
  readonly pending: SupplyAction | null;
}

/**
 * What the supply should be: off under a manager's hold; on with keep-on;
 * otherwise on while the balance is above 0 and off at 0 or below.
 */
export function desiredSupply(facts: SupplyFacts): SupplyState {
  if (facts.hold) return 'off';
  if (facts.keepOn) return 'on';
  return facts.balanceFen > 0 ? 'on' : 'off';
}

/**
 * The command that is missing, or null: none when the right one is already on
 * its way, or when none is pending and the meter already reports what is
 * wanted. A pending command of the opposite action is superseded by the
 * returned one (it may have reached the meter, so the meter is told again
 * rather than merely forgotten).
 */
export function missingSupplyCommand(facts: SupplyFacts): SupplyAction | null {
  const desired = desiredSupply(facts);
  const goal: SupplyAction = desired === 'off' ? 'cut' : 'restore';
  if (facts.pending === goal) return null;
  if (facts.pending === null && facts.reported === desired) return null;
  return goal;
}
