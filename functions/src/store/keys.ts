import { beijingDate } from '../platform/beijing-time';

/**
 * Single-table key builders: the only place that knows how entities map to
 * PK/SK and the GSIs. Repositories use these; the domain never sees keys.
 *
 * | entity          | PK                      | SK                      | GSI1PK / GSI1SK                       |
 * | --------------- | ----------------------- | ----------------------- | ------------------------------------- |
 * | building        | BUILDING#<id>           | BUILDING                |                                       |
 * | room            | BUILDING#<id>           | ROOM#<roomId>           |                                       |
 * | its manager     | BUILDING#<id>           | MANAGER#<openid>        |  (written with the invitation redeemed) |
 * | tariff          | TARIFF#<id>             | TARIFF                  | TARIFFS / TARIFF#<id>                 |
 * | tariff version  | TARIFF#<id>             | VERSION#<effectiveFrom> |                                       |
 * | meter           | METER#<id>              | STATE#METER             | BUILDING#<bid> / METER#<id>           |
 * | wallet          | METER#<id>              | STATE#WALLET            |                                       |
 * | ledger entry    | METER#<id>              | LEDGER#<seq, 12 digits> | ENTRY#<entryId> / ENTRY               |
 * | reading         | METER#<id>              | READING#<at ISO UTC>    | ANOMALIES / <at>#<meterId> (if any)   |
 * | usage of a day  | METER#<id>              | USAGE#D#<Beijing day>   |  (totals and q00..q23 / c00..c23 by Beijing hour) |
 * | usage of a month| METER#<id>              | USAGE#M#<Beijing month> |  (totals and q01..q31 / c01..c31 by Beijing day)  |
 * | money of a day  | METER#<id>              | MONEY#D#<Beijing day>   |  (count and fen per kind, and per kind and method) |
 * | device / IMEI   | DEVICE#<platform>#<id>, IMEI#<imei> | DEVICE, IMEI |  (a device of one meter: its meterId; of several: `multiPoint`) |
 * | metering point  | DEVICE#<platform>#<id>  | POINT#<address>         |  (one per circuit or meter behind a multi-point device or gateway) |
 * | binding code    | BINDCODE#<code>, METER#<id> | BINDCODE        |  (the lookup, and the meter's current code) |
 * | bind failures   | USER#<openid>           | BINDFAIL#<window>       |  (TTL: expiresAtEpochS)               |
 * | idempotency     | IDEMP#<key>             | IDEMP                   |                                       |
 * | recharge order  | ORDER#<outTradeNo>      | ORDER                   | (GSI2 DUE#ORDERS while pending)       |
 * | WeChat payment  | METER#<id>              | PAYMENT#<paidAt>#<outTradeNo> | PAYMENTS#<day> / <paidAt>#<outTradeNo> |
 * | refund request  | REFUNDREQ#<id>          | REFUNDREQ               | REFUNDS#<status> / <createdAt>#<id>   |
 * | refund of meter | METER#<id>              | REFUNDREQ#<createdAt>#<id> |  (points at the request: a meter's requests, newest first) |
 * | refund part     | REFUND#<outRefundNo>    | REFUND                  |                                       |
 * | command         | METER#<id>              | COMMAND#<createdAt>#<id>| COMMANDS#ACTIVE / <nextAttemptAt>#<id> (while active) |
 * | platform task   | TASK#<platform>#<taskId>| TASK                    |                                       |
 * | alarm (open)    | METER#<id>              | STATE#ALARM#<kind>      | ALARMS#OPEN / <raisedAt>#<meterId>#<kind> |
 * | alarm (closed)  | METER#<id>              | ALARM#CLOSED#<raisedAt>#<kind>[#<id>] | ALARMS#ACKNOWLEDGED or ALARMS#CLEARED / <closedAt>#<meterId>#<kind> |
 * | raw push        | PUSH#<platform>#<day>   | <receivedAt>#<id>       | PUSHES#UNKNOWN / <receivedAt> (unknown devices) |
 * | user            | USER#<openid>           | USER                    | STAFF / <openid> (staff only)         |
 * | binding         | USER#<openid>           | BINDING#<meterId>       | METER#<meterId> / BINDING#<openid>    |
 * | session         | SESSION#<sha256>        | SESSION                 |  (TTL: expiresAtEpochS)               |
 * | notification    | NOTICE#<meterId>#<dedupe>#<to> | NOTICE           | NOTICES#<meterId> / <at>#<id>         |
 * | subscription    | USER#<openid>           | SUBSCRIBE#<kind>        |  (remaining WeChat grants)            |
 * | contact         | USER#<openid>           | CONTACT                 |  (phone for SMS)                      |
 * | access token    | WXTOKEN#<appId>         | WXTOKEN                 |  (shared by every function)           |
 * | invitation      | INVITE#<sha256 of code> | INVITE                  |  (TTL: expiresAtEpochS)               |
 * | mass action     | MASS#<id>               | MASS                    | MASS#<buildingId> / <createdAt>#<id> (GSI2 DUE#MASS while it has work: switching on, ending, switching back) |
 * | … meter it switched | MASS#<id>           | APPLIED#<meterId>       |                                       |
 * | audit entry     | AUDIT                   | <at>#<id>               | AUDIT#<buildingId> / <at>#<id> (with a building) |
 * | building stats  | STATS#<buildingId>      | D#<Beijing day>#<shard> |  (counts, fen and quantities, added by every posting) |
 * | gateway         | GATEWAY#<id>            | GATEWAY                 | GATEWAYS / <id>                       |
 * | gateway batch   | GWBATCH#<gateway>#<batchId> | BATCH               |  (the claim that takes a batch once; TTL: expiresAtEpochS) |
 * | export job      | EXPORT#<id>             | EXPORT                  | EXPORTS#<requestedBy> / <createdAt>#<id> |
 *
 * Ledger entries of a meter in a building also carry GSI3: `LEDGER#<buildingId>#<Beijing month>#MONEY`
 * (recharges, refunds, adjustments, reversals) or `…#CHARGE` / `<at>#<meterId>#<seq>`, so a period's
 * income or ledger reads only its building's months, and income never wades through charges.
 *
 * A meter's state (its record, its wallet and its open alarms) shares the
 * sort-key prefix `STATE#`: one Query loads everything a push is decided on.
 *
 * GSI2 is sparse: an item has GSI2PK/GSI2SK only while a sweep has work on
 * it (`DUE#<queue>` / `<dueAt>#<id>`), so a sweep reads what is due, oldest
 * first, and an item that stays stuck moves its own `dueAt` back instead of
 * starving the rest; and every meter carries `METERS#<shard>` / `<meterId>`
 * so a sweep of all meters reads only meters.
 */
export const keys = {
  invitation: (codeHash: string) => ({ PK: `INVITE#${codeHash}`, SK: 'INVITE' }),
  massAction: (id: string) => ({ PK: `MASS#${id}`, SK: 'MASS' }),
  /** A meter a mass action switched (and whether it switched it back). */
  massApplied: (id: string, meterId: string) => ({ PK: `MASS#${id}`, SK: `APPLIED#${meterId}` }),
  massAppliedPrefix: 'APPLIED#',
  /** A manager of a building, for telling the building's managers (an alarm). */
  buildingManager: (buildingId: string, openid: string) => ({ PK: `BUILDING#${buildingId}`, SK: `MANAGER#${openid}` }),
  buildingManagerPrefix: 'MANAGER#',
  massActionIndex: (buildingId: string, createdAt: string, id: string) => ({ GSI1PK: `MASS#${buildingId}`, GSI1SK: `${createdAt}#${id}` }),
  /** The audit log's one partition: staff act at human speed. */
  auditPartition: 'AUDIT',
  audit: (atIso: string, id: string) => ({ PK: 'AUDIT', SK: `${atIso}#${id}` }),
  auditIndexPartition: (buildingId: string) => `AUDIT#${buildingId}`,
  auditIndex: (buildingId: string, atIso: string, id: string) => ({ GSI1PK: `AUDIT#${buildingId}`, GSI1SK: `${atIso}#${id}` }),
  building: (id: string) => ({ PK: `BUILDING#${id}`, SK: 'BUILDING' }),
  room: (buildingId: string, roomId: string) => ({ PK: `BUILDING#${buildingId}`, SK: `ROOM#${roomId}` }),
  tariff: (id: string) => ({ PK: `TARIFF#${id}`, SK: 'TARIFF' }),
  tariffIndex: (id: string) => ({ GSI1PK: 'TARIFFS', GSI1SK: `TARIFF#${id}` }),
  tariffVersion: (id: string, effectiveFromIso: string) => ({ PK: `TARIFF#${id}`, SK: `VERSION#${effectiveFromIso}` }),
  tariffVersionPrefix: 'VERSION#',
  meter: (id: string, buildingId: string | null) => ({
    PK: `METER#${id}`,
    SK: 'STATE#METER',
    ...(buildingId ? { GSI1PK: `BUILDING#${buildingId}`, GSI1SK: `METER#${id}` } : {}),
    // Every meter in one of METER_SHARDS partitions of GSI2, so a sweep of all meters reads meters only, shard by shard.
    GSI2PK: `METERS#${meterShardOf(id)}`,
    GSI2SK: id,
  }),
  meterKey: (id: string) => ({ PK: `METER#${id}`, SK: 'STATE#METER' }),
  /** The sort-key prefix of a meter's state items: record, wallet, open alarms. */
  statePrefix: 'STATE#',
  meterPartition: (id: string) => `METER#${id}`,
  wallet: (meterId: string) => ({ PK: `METER#${meterId}`, SK: 'STATE#WALLET' }),
  ledgerEntry: (meterId: string, seq: number) => ({ PK: `METER#${meterId}`, SK: `LEDGER#${String(seq).padStart(12, '0')}` }),
  ledgerPrefix: 'LEDGER#',
  entryIndex: (entryId: string) => ({ GSI1PK: `ENTRY#${entryId}`, GSI1SK: 'ENTRY' }),
  reading: (meterId: string, atIso: string) => ({ PK: `METER#${meterId}`, SK: `READING#${atIso}` }),
  readingPrefix: 'READING#',
  usageDay: (meterId: string, day: string) => ({ PK: `METER#${meterId}`, SK: `USAGE#D#${day}` }),
  usageMonth: (meterId: string, month: string) => ({ PK: `METER#${meterId}`, SK: `USAGE#M#${month}` }),
  moneyDay: (meterId: string, day: string) => ({ PK: `METER#${meterId}`, SK: `MONEY#D#${day}` }),
  anomalyIndex: (meterId: string, atIso: string) => ({ GSI1PK: 'ANOMALIES', GSI1SK: `${atIso}#${meterId}` }),
  device: (platform: string, deviceId: string) => ({ PK: `DEVICE#${platform}#${deviceId}`, SK: 'DEVICE' }),
  devicePoint: (platform: string, deviceId: string, point: string) => ({ PK: `DEVICE#${platform}#${deviceId}`, SK: `POINT#${point}` }),
  imei: (imei: string) => ({ PK: `IMEI#${imei}`, SK: 'IMEI' }),
  /** A binding code's lookup (the code in a meter's QR scene) and the meter's current code. */
  bindingCode: (code: string) => ({ PK: `BINDCODE#${code}`, SK: 'BINDCODE' }),
  meterBindingCode: (meterId: string) => ({ PK: `METER#${meterId}`, SK: 'BINDCODE' }),
  /** A user's failed binding attempts in one window (TTL: expiresAtEpochS). */
  bindingFailures: (openid: string, window: number) => ({ PK: `USER#${openid}`, SK: `BINDFAIL#${window}` }),
  command: (meterId: string, createdAtIso: string, id: string) => ({ PK: `METER#${meterId}`, SK: `COMMAND#${createdAtIso}#${id}` }),
  commandPrefix: 'COMMAND#',
  activeCommandIndex: (nextAttemptAtIso: string, id: string) => ({ GSI1PK: 'COMMANDS#ACTIVE', GSI1SK: `${nextAttemptAtIso}#${id}` }),
  platformTask: (platform: string, taskId: string) => ({ PK: `TASK#${platform}#${taskId}`, SK: 'TASK' }),
  openAlarm: (meterId: string, kind: string) => ({ PK: `METER#${meterId}`, SK: `STATE#ALARM#${kind}` }),
  openAlarmPrefix: 'STATE#ALARM#',
  openAlarmIndex: (raisedAtIso: string, meterId: string, kind: string) => ({ GSI1PK: 'ALARMS#OPEN', GSI1SK: `${raisedAtIso}#${meterId}#${kind}` }),
  /** A closed alarm in the inbox of its status (acknowledged by a person, or cleared by the system), newest closed first. */
  closedAlarmIndex: (status: 'acknowledged' | 'cleared', closedAtIso: string, meterId: string, kind: string) => ({
    GSI1PK: `ALARMS#${status.toUpperCase()}`,
    GSI1SK: `${closedAtIso}#${meterId}#${kind}`,
  }),
  /** A closed alarm in the meter's history; `suffix` keeps two closings of alarms raised at one instant apart. */
  closedAlarm: (meterId: string, raisedAtIso: string, kind: string, suffix?: string) => ({ PK: `METER#${meterId}`, SK: `ALARM#CLOSED#${raisedAtIso}#${kind}${suffix ? `#${suffix}` : ''}` }),
  push: (platform: string, receivedAtIso: string, id: string) => ({ PK: `PUSH#${platform}#${receivedAtIso.slice(0, 10)}`, SK: `${receivedAtIso}#${id}` }),
  unknownPushIndex: (receivedAtIso: string) => ({ GSI1PK: 'PUSHES#UNKNOWN', GSI1SK: receivedAtIso }),
  order: (outTradeNo: string) => ({ PK: `ORDER#${outTradeNo}`, SK: 'ORDER' }),
  payment: (meterId: string, paidAtIso: string, outTradeNo: string) => ({ PK: `METER#${meterId}`, SK: `PAYMENT#${paidAtIso}#${outTradeNo}` }),
  paymentPrefix: 'PAYMENT#',
  paymentDayIndex: (paidAtIso: string, outTradeNo: string) => ({ GSI1PK: `PAYMENTS#${shanghaiDay(paidAtIso)}`, GSI1SK: `${paidAtIso}#${outTradeNo}` }),
  refundRequest: (id: string) => ({ PK: `REFUNDREQ#${id}`, SK: 'REFUNDREQ' }),
  refundStatusIndex: (status: string, createdAtIso: string, id: string) => ({ GSI1PK: `REFUNDS#${status}`, GSI1SK: `${createdAtIso}#${id}` }),
  meterRefund: (meterId: string, createdAtIso: string, id: string) => ({ PK: `METER#${meterId}`, SK: `REFUNDREQ#${createdAtIso}#${id}` }),
  meterRefundPrefix: 'REFUNDREQ#',
  /** The meter's last move-out settlement (a pointer to its refund request). */
  meterSettlement: (meterId: string) => ({ PK: `METER#${meterId}`, SK: 'SETTLEMENT' }),
  refundPart: (outRefundNo: string) => ({ PK: `REFUND#${outRefundNo}`, SK: 'REFUND' }),
  idempotency: (key: string) => ({ PK: `IDEMP#${key}`, SK: 'IDEMP' }),
  user: (openid: string) => ({ PK: `USER#${openid}`, SK: 'USER' }),
  apiKey: (keyId: string) => ({ PK: `APIKEY#${keyId}`, SK: 'APIKEY' }),
  gateway: (gatewayId: string) => ({ PK: `GATEWAY#${gatewayId}`, SK: 'GATEWAY' }),
  gatewayIndex: (gatewayId: string) => ({ GSI1PK: 'GATEWAYS', GSI1SK: gatewayId }),
  gatewayBatch: (gatewayId: string, batchId: string) => ({ PK: `GWBATCH#${gatewayId}#${batchId}`, SK: 'BATCH' }),
  apiKeyIndex: (keyId: string) => ({ GSI1PK: 'APIKEYS', GSI1SK: keyId }),
  /** A signed request's nonce, claimed once per key (TTL past the signature window). */
  apiNonce: (keyId: string, nonce: string) => ({ PK: `APINONCE#${keyId}#${nonce}`, SK: 'NONCE' }),
  /** A key's requests in one minute (TTL). */
  apiRate: (keyId: string, minute: number) => ({ PK: `APIRATE#${keyId}#${minute}`, SK: 'RATE' }),
  /** A member of staff in the staff directory (who an operator id in a log is). */
  staffIndex: (openid: string) => ({ GSI1PK: 'STAFF', GSI1SK: openid }),
  binding: (openid: string, meterId: string) => ({
    PK: `USER#${openid}`,
    SK: `BINDING#${meterId}`,
    GSI1PK: `METER#${meterId}`,
    GSI1SK: `BINDING#${openid}`,
  }),
  bindingPrefix: 'BINDING#',
  /** One occurrence told to one recipient (`to` null: nobody to tell). */
  notification: (meterId: string, dedupe: string, to: string | null) => ({ PK: `NOTICE#${meterId}#${dedupe}#${to ?? '-'}`, SK: 'NOTICE' }),
  notificationIndex: (meterId: string, at: string, id: string) => ({ GSI1PK: `NOTICES#${meterId}`, GSI1SK: `${at}#${id}` }),
  notificationPrefix: 'NOTICE#',
  subscription: (openid: string, kind: string) => ({ PK: `USER#${openid}`, SK: `SUBSCRIBE#${kind}` }),
  subscriptionPrefix: 'SUBSCRIBE#',
  contact: (openid: string) => ({ PK: `USER#${openid}`, SK: 'CONTACT' }),
  accessToken: (appId: string) => ({ PK: `WXTOKEN#${appId}`, SK: 'WXTOKEN' }),
  session: (tokenHash: string) => ({ PK: `SESSION#${tokenHash}`, SK: 'SESSION' }),

  /** A ledger entry in its building's month (GSI3): money apart from charges. */
  ledgerMonthIndex: (buildingId: string, month: string, part: 'MONEY' | 'CHARGE', atIso: string, meterId: string, seq: number) => ({
    GSI3PK: `LEDGER#${buildingId}#${month}#${part}`,
    GSI3SK: `${atIso}#${meterId}#${String(seq).padStart(12, '0')}`,
  }),
  ledgerMonthPartition: (buildingId: string, month: string, part: 'MONEY' | 'CHARGE') => `LEDGER#${buildingId}#${month}#${part}`,
  /** A building's statistics of one Beijing day, in one of STATS_SHARDS items. */
  stats: (buildingId: string, day: string, shard: number) => ({ PK: `STATS#${buildingId}`, SK: `D#${day}#${shard}` }),
  statsPartition: (buildingId: string) => `STATS#${buildingId}`,
  exportJob: (id: string) => ({ PK: `EXPORT#${id}`, SK: 'EXPORT' }),
  exportIndex: (requestedBy: string, createdAtIso: string, id: string) => ({ GSI1PK: `EXPORTS#${requestedBy}`, GSI1SK: `${createdAtIso}#${id}` }),

  /** Work a sweep must come back to at `dueAtIso` (GSI2, sparse). */
  due: (queue: 'REFUNDS' | 'ORDERS' | 'MASS', dueAtIso: string, id: string) => ({ GSI2PK: `DUE#${queue}`, GSI2SK: `${dueAtIso}#${id}` }),
} as const;

/** How many GSI2 partitions the meters are spread over: a million meters is ~62,500 per partition, far below any hot-key limit for a sweep. */
export const METER_SHARDS = 16;

/** A meter id's shard: a small stable hash (FNV-1a), so a meter stays in its shard. */
export function meterShardOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return hash % METER_SHARDS;
}

/** Names of the table's secondary indexes, as declared in serverless.yml. */
export const GSI1 = 'GSI1';
export const GSI2 = 'GSI2';
export const GSI3 = 'GSI3';

/**
 * A building's statistics of a day are split over this many items (by
 * meter), so postings of many meters at once rarely meet on one item (two
 * transactions writing one item conflict and one retries), and a year is
 * still ~2,900 small items: one Query of a page or two.
 */
export const STATS_SHARDS = 8;

/** The Asia/Shanghai calendar day (UTC+8, no daylight saving) of an instant: WeChat Pay's bills are per Beijing day. */
export function shanghaiDay(iso: string): string {
  return beijingDate(new Date(iso));
}
