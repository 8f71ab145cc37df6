import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chargeWallet, creditWallet, EMPTY_WALLET, type WalletEntry, type WalletState } from './wallet';

describe('wallet', () => {
  it('credits and charges with the balance after each entry', () => {
    const credited = creditWallet(EMPTY_WALLET, 10_000);
    expect(credited.entry).toEqual({ kind: 'credit', amountFen: 10_000, balanceAfterFen: 10_000 });
    const charged = chargeWallet(credited.wallet, 48_830_000n);
    expect(charged.entry).toEqual({ kind: 'charge', amountFen: -48, balanceAfterFen: 9_952 });
    expect(charged.wallet).toEqual({ balanceFen: 9_952, remainderMicroFen: 830_000 });
  });

  it('writes no entry for a charge below a fen, and lets the fraction wait', () => {
    const { wallet, entry } = chargeWallet(EMPTY_WALLET, 400_000n);
    expect(entry).toBeNull();
    expect(wallet).toEqual({ balanceFen: 0, remainderMicroFen: 400_000 });
    expect(chargeWallet(wallet, 600_000n).entry).toEqual({ kind: 'charge', amountFen: -1, balanceAfterFen: -1 });
  });

  it('refuses credits that are not positive whole fen and negative charges', () => {
    expect(() => creditWallet(EMPTY_WALLET, 0)).toThrow(RangeError);
    expect(() => creditWallet(EMPTY_WALLET, 1.5)).toThrow(RangeError);
    expect(() => chargeWallet(EMPTY_WALLET, -1n)).toThrow(RangeError);
  });

  it('keeps the balance equal to the sum of its entries for any sequence of credits and charges', () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('credit' as const), amountFen: fc.integer({ min: 1, max: 10_000_000 }) }),
      fc.record({ kind: fc.constant('charge' as const), costMicroFen: fc.bigInt({ min: 0n, max: 10n ** 11n }) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        let wallet: WalletState = EMPTY_WALLET;
        const entries: WalletEntry[] = [];
        let exactCharges = 0n;
        for (const op of operations) {
          const result = op.kind === 'credit' ? creditWallet(wallet, op.amountFen) : chargeWallet(wallet, op.costMicroFen);
          if (op.kind === 'charge') exactCharges += op.costMicroFen;
          if (result.entry) entries.push(result.entry);
          wallet = result.wallet;
        }
        let running = 0;
        for (const entry of entries) {
          running += entry.amountFen;
          expect(entry.balanceAfterFen).toBe(running);
        }
        expect(wallet.balanceFen).toBe(running);
        const chargedFen = -entries.filter((entry) => entry.kind === 'charge').reduce((sum, entry) => sum + entry.amountFen, 0);
        expect(BigInt(chargedFen) * 1_000_000n + BigInt(wallet.remainderMicroFen)).toBe(exactCharges);
      }),
    );
  });
});
