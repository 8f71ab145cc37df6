import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TableRef } from './client';
import { transactWallet } from './wallets';

/**
 * A table whose wallet loses its version check `conflicts` times (other
 * writers won meanwhile), each round trip taking `latencyMs` of the (fake)
 * clock: a 2-core machine under load, compressed into fake time.
 */
function contendedTable(conflicts: number, latencyMs: number) {
  const state = { balanceFen: 0, version: 0, writes: 0, lost: 0 };
  const send = async (command: unknown) => {
    vi.setSystemTime(Date.now() + latencyMs);
    if (command instanceof TransactGetCommand) {
      return { Responses: [{ Item: { meterId: 'm', balanceFen: state.balanceFen, version: state.version } }, {}] };
    }
    if (command instanceof GetCommand) return { Item: { meterId: 'm', balanceFen: state.balanceFen, version: state.version } };
    if (command instanceof TransactWriteCommand) {
      if (state.lost < conflicts) {
        // Somebody else's operation committed first: the wallet moved on.
        state.lost += 1;
        state.version += 1;
        throw new TransactionCanceledException({
          message: 'cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
        });
      }
      state.writes += 1;
      return {};
    }
    throw new Error(`unexpected ${String(command)}`);
  };
  return { table: { tableName: 't', doc: { send }, raw: {} } as unknown as TableRef, state };
}

/** Drives fake timers until `promise` settles. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  const watched = promise.finally(() => {
    done = true;
  });
  watched.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  while (!done) await vi.advanceTimersByTimeAsync(1_000);
  return watched;
}

describe('transactWallet', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps retrying a legitimate operation however long others hold the wallet: each lost round means another operation won', async () => {
    // Prepare: 120 lost rounds of ~1.5 s each on a loaded machine: far past any wall-clock budget.
    vi.useFakeTimers({ now: new Date('2026-12-01T00:00:00Z') });
    const { table, state } = contendedTable(120, 1_500);
    // Act
    const outcome = await settle(
      transactWallet(table, 'm', { key: { PK: 'IDEMP#x', SK: 'IDEMP' }, item: {} }, () => ({ deltaFen: 100, result: 'ok' })),
    );
    // Assess
    expect(outcome).toMatchObject({ result: 'ok', duplicate: false });
    expect(state.writes).toBe(1);
    expect(state.lost).toBe(120);
  });
});
