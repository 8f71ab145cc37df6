import { describe, expect, it } from 'vitest';
import { aMeter } from '../test/meters';
import { supplyChanging } from './use-my-meters';

describe('supplyChanging (the home page reads the meters again while it holds)', () => {
  it('holds while a command is on its way, or a paid meter waits to be restored', () => {
    expect(supplyChanging(aMeter({ pendingSupply: { action: 'restore', since: '2026-12-02T00:00:00Z', expectedBy: '2026-12-02T01:00:00Z' }, supply: 'off', balanceFen: 500 }))).toBe(true);
    expect(supplyChanging(aMeter({ pendingSupply: null, supply: 'off', balanceFen: 500 }))).toBe(true);
    expect(supplyChanging(aMeter({ pendingSupply: null, supply: 'off', balanceFen: -20 }))).toBe(false);
    expect(supplyChanging(aMeter({ pendingSupply: null, supply: 'on', balanceFen: 500 }))).toBe(false);
  });
});
