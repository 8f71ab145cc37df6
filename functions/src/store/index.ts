import type { TableRef } from './client';
import { createEstateRepository } from './estate';
import { createLedgerRepository } from './ledger';
import { createMeterRepository } from './meters';
import { createSessionRepository } from './sessions';
import { isTableReady } from './table-status';
import { createUserRepository } from './users';

export * from './client';
export type { Building, Room, TariffRecord } from './estate';
export type { LedgerKind, Posting, PostResult } from './ledger';
export { MeterRecord } from './meters';
export type { Session } from './sessions';
export type { User } from './users';

/** Every repository over one table. */
export function createStore(table: TableRef) {
  let ready = false;
  return {
    table,
    users: createUserRepository(table),
    sessions: createSessionRepository(table),
    meters: createMeterRepository(table),
    estate: createEstateRepository(table),
    ledger: createLedgerRepository(table),
    /** Once ready, a table does not become unready: later calls skip DescribeTable. */
    isReady: async () => (ready ||= await isTableReady(table)),
  };
}

export type Store = ReturnType<typeof createStore>;
