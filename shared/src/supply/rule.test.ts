import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { desiredSupply, missingSupplyCommand, type SupplyAction, type SupplyFacts, type SupplyState } from './rule';

const facts = (overrides: Partial<SupplyFacts>): SupplyFacts => ({ balanceFen: 100, keepOn: false, hold: false, reported: 'on', pending: null, ...overrides });

const arbitraryFacts = fc.record({
  balanceFen: fc.integer({ min: -10_000, max: 10_000 }),
  keepOn: fc.boolean(),
  hold: fc.boolean(),
  reported: fc.constantFrom<SupplyState>('on', 'off'),
  pending: fc.constantFrom<SupplyAction | null>('cut', 'restore', null),
});

/** What the meter will be once the command in flight (if any) lands. */
const landed = (f: SupplyFacts, queued: SupplyAction | null): SupplyState => {
  const last = queued ?? f.pending;
  return last === null ? f.reported : last === 'cut' ? 'off' : 'on';
};

describe('the supply rule', () => {
  it('wants the supply off at 0 or below, on above, on with keep-on, off under a hold whatever the balance', () => {
    expect(desiredSupply(facts({ balanceFen: 1 }))).toBe('on');
    expect(desiredSupply(facts({ balanceFen: 0 }))).toBe('off');
    expect(desiredSupply(facts({ balanceFen: -5, keepOn: true }))).toBe('on');
    expect(desiredSupply(facts({ balanceFen: 99_999, hold: true }))).toBe('off');
    expect(desiredSupply(facts({ balanceFen: 99_999, hold: true, keepOn: true }))).toBe('off');
  });

  it('queues what is missing and nothing else', () => {
    expect(missingSupplyCommand(facts({ balanceFen: 0, reported: 'on' }))).toBe('cut');
    expect(missingSupplyCommand(facts({ balanceFen: 0, reported: 'on', pending: 'cut' }))).toBeNull();
    expect(missingSupplyCommand(facts({ balanceFen: 0, reported: 'off' }))).toBeNull();
    // A restore that failed or expired left the meter off with nothing pending: a paying tenant gets one again.
    expect(missingSupplyCommand(facts({ balanceFen: 500, reported: 'off' }))).toBe('restore');
    // A cut on its way when the tenant pays is superseded, even if the meter still says on.
    expect(missingSupplyCommand(facts({ balanceFen: 500, reported: 'on', pending: 'cut' }))).toBe('restore');
    // A manager's cut holds against any credit.
    expect(missingSupplyCommand(facts({ balanceFen: 500, reported: 'off', hold: true }))).toBeNull();
    expect(missingSupplyCommand(facts({ balanceFen: 500, reported: 'on', hold: true, pending: 'restore' }))).toBe('cut');
  });

  it('converges: once the missing command (if any) lands, the meter is as wanted and nothing more is missing', () => {
    fc.assert(
      fc.property(arbitraryFacts, (f) => {
        const queued = missingSupplyCommand(f);
        const after = landed(f, queued);
        expect(after).toBe(desiredSupply(f));
        expect(missingSupplyCommand({ ...f, reported: after, pending: null })).toBeNull();
      }),
    );
  });
});
