import type { TableRef } from './client';
import { createAlarmRepository } from './alarms';
import { createAuditRepository } from './audit';
import { createBindingCodeRepository } from './binding-codes';
import { createCommandRepository } from './commands';
import { createContactRepository } from './contacts';
import { createEstateRepository } from './estate';
import { createLedgerRepository } from './ledger';
import { createMassActionRepository } from './mass-actions';
import { createApiKeyRepository } from './api-keys';
import { createMeterRepository } from './meters';
import { createNotificationRepository } from './notifications';
import { createOrderRepository } from './orders';
import { createPaymentRepository } from './payments';
import { createPushArchive } from './pushes';
import { createReadingRepository } from './readings';
import { createRefundRepository } from './refunds';
import { createSessionRepository } from './sessions';
import { createStaffRepository } from './staff';
import { isTableReady } from './table-status';
import { createTariffRepository } from './tariffs';
import { createUserRepository } from './users';
import { createUsageRepository } from './usage';
import { createStatisticsRepository } from './statistics';
import { createExportRepository } from './exports';
import { createGatewayRepository } from './gateways';

export * from './client';
export { gatewaySubject, StoredAlarm, type NewAlarm } from './alarms';
export { StoredAudit } from './audit';
export { StoredInvitation } from './staff';
export { StoredMassAction, type MassActionStatus } from './mass-actions';
export { StoredApiKey } from './api-keys';
export { StoredExport } from './exports';
export { StoredGateway } from './gateways';
export { CommandAction, CommandStatus, StoredCommand } from './commands';
export type { ArchivedPush } from './pushes';
export { RechargeOrder, type OrderStatus } from './orders';
export { paymentItem, shanghaiDay, WechatPayment } from './payments';
export type { Building, Room } from './estate';
export { LedgerEntry, type LedgerKind, type Posting, type PostResult } from './ledger';
export { isMultiPoint, MeterRecord, type DeviceMeters, type DevicePoint } from './meters';
export { StoredNotification } from './notifications';
export { StoredReading, type ReadingStatus, type ReadingDecision } from './readings';
export type { Session } from './sessions';
export { TariffRecord, type StoredTariffVersion } from './tariffs';
export type { User } from './users';
export { WalletUpdateRefused, type ItemUpdate, type Wallet, type WalletChange } from './wallets';
export type { MeterState } from './meter-state';
export type { UsageBuckets } from './usage';
export { RefundDecision, RefundPart, RefundRequest, RefundStatus } from './refunds';
export { transactWallet } from './wallets';

/** Every repository over one table. */
export function createStore(table: TableRef) {
  let ready = false;
  return {
    table,
    users: createUserRepository(table),
    sessions: createSessionRepository(table),
    meters: createMeterRepository(table),
    gateways: createGatewayRepository(table),
    estate: createEstateRepository(table),
    tariffs: createTariffRepository(table),
    ledger: createLedgerRepository(table),
    readings: createReadingRepository(table),
    commands: createCommandRepository(table),
    alarms: createAlarmRepository(table),
    pushes: createPushArchive(table),
    orders: createOrderRepository(table),
    payments: createPaymentRepository(table),
    refunds: createRefundRepository(table),
    usage: createUsageRepository(table),
    bindingCodes: createBindingCodeRepository(table),
    notifications: createNotificationRepository(table),
    contacts: createContactRepository(table),
    staff: createStaffRepository(table),
    audit: createAuditRepository(table),
    massActions: createMassActionRepository(table),
    apiKeys: createApiKeyRepository(table),
    statistics: createStatisticsRepository(table),
    exports: createExportRepository(table),
    /** Once ready, a table does not become unready: later calls skip DescribeTable. */
    isReady: async () => (ready ||= await isTableReady(table)),
  };
}

export type Store = ReturnType<typeof createStore>;
