import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TableRef } from '../../functions/src/store';
import { mulberry32 } from '../../scripts/simulator/random';

/** How often each fault strikes a DynamoDB request (0..1), and a seeded source of chance. */
export interface FaultRates {
  /** Refused before it reaches the table (DynamoDB's throttling): nothing written. */
  readonly throttle: number;
  /** Done, but the answer never comes back (a timeout, or the process dying right after): the caller cannot tell. */
  readonly lostAnswer: number;
  /** A transaction cancelled by a conflicting one: nothing written. */
  readonly conflict: number;
}

export interface FaultLog {
  throttled: number;
  lostAnswers: number;
  conflicts: number;
}

/** A small seeded generator (the simulator's mulberry32): the same faults every run of a seed. */
export const seeded = mulberry32;

/**
 * The table as a faulty network and a busy DynamoDB show it to the code: the
 * same client, but each request may be throttled, lose its answer after it
 * was carried out, or (a transaction) be cancelled by a conflict. Reads are
 * spared lost answers (losing a read's answer changes nothing).
 */
export function faultyTable(table: TableRef, rates: FaultRates, random: () => number, log: FaultLog): TableRef {
  const send = async (command: { constructor: { name: string } }) => {
    const name = command.constructor.name;
    const writes = /Put|Update|Delete|TransactWrite/.test(name);
    if (random() < rates.throttle) {
      log.throttled += 1;
      throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ProvisionedThroughputExceededException' });
    }
    if (name === 'TransactWriteCommand' && random() < rates.conflict) {
      log.conflicts += 1;
      throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] });
    }
    const answer = await table.doc.send(command as never);
    if (writes && random() < rates.lostAnswer) {
      log.lostAnswers += 1;
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    }
    return answer;
  };
  return { ...table, doc: { send } as unknown as TableRef['doc'] };
}
