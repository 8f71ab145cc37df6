/**
 * Single-table key builders: the only place that knows how entities map to
 * PK/SK and the GSIs. Repositories use these; the domain never sees keys.
 *
 * | entity   | PK                 | SK                  | GSI1PK / GSI1SK                    |
 * | -------- | ------------------ | ------------------- | ---------------------------------- |
 * | building | BUILDING#<id>      | BUILDING            |                                    |
 * | room     | BUILDING#<id>      | ROOM#<roomId>       |                                    |
 * | tariff   | TARIFF#<id>        | TARIFF              | TARIFFS / TARIFF#<id>              |
 * | meter    | METER#<id>         | METER               | BUILDING#<bid> / METER#<id>        |
 * | wallet   | METER#<id>         | WALLET              |                                    |
 * | ledger   | METER#<id>         | LEDGER#<at>#<id>    |                                    |
 * | user     | USER#<openid>      | USER                |                                    |
 * | binding  | USER#<openid>      | BINDING#<meterId>   | METER#<meterId> / BINDING#<openid> |
 * | session  | SESSION#<sha256>   | SESSION             |  (TTL: expiresAtEpochS)            |
 */
export const keys = {
  building: (id: string) => ({ PK: `BUILDING#${id}`, SK: 'BUILDING' }),
  room: (buildingId: string, roomId: string) => ({ PK: `BUILDING#${buildingId}`, SK: `ROOM#${roomId}` }),
  tariff: (id: string) => ({ PK: `TARIFF#${id}`, SK: 'TARIFF', GSI1PK: 'TARIFFS', GSI1SK: `TARIFF#${id}` }),
  meter: (id: string, buildingId: string | null) => ({
    PK: `METER#${id}`,
    SK: 'METER',
    ...(buildingId ? { GSI1PK: `BUILDING#${buildingId}`, GSI1SK: `METER#${id}` } : {}),
  }),
  meterKey: (id: string) => ({ PK: `METER#${id}`, SK: 'METER' }),
  wallet: (meterId: string) => ({ PK: `METER#${meterId}`, SK: 'WALLET' }),
  ledgerEntry: (meterId: string, atIso: string, entryId: string) => ({
    PK: `METER#${meterId}`,
    SK: `LEDGER#${atIso}#${entryId}`,
  }),
  user: (openid: string) => ({ PK: `USER#${openid}`, SK: 'USER' }),
  binding: (openid: string, meterId: string) => ({
    PK: `USER#${openid}`,
    SK: `BINDING#${meterId}`,
    GSI1PK: `METER#${meterId}`,
    GSI1SK: `BINDING#${openid}`,
  }),
  bindingPrefix: 'BINDING#',
  session: (tokenHash: string) => ({ PK: `SESSION#${tokenHash}`, SK: 'SESSION' }),
} as const;

/** Names of the table's secondary indexes, as declared in serverless.yml. */
export const GSI1 = 'GSI1';
