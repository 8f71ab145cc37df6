import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { batchGetByKey, dueItems, keyId } from './batch';
import type { TableRef } from './client';
import { isConditionFailure, updateIf } from './conditional';
import { decodeCursor, encodeCursor } from './cursor';
import { GSI1, keys } from './keys';
import type { WalletChange } from './wallets';

export const RefundPartStatus = z.enum(['requested', 'processing', 'succeeded', 'failed']);

/**
 * One WeChat refund of one payment. `requested` means "asked for, outcome
 * not known yet" (the call may not have been made, may have timed out, or
 * may have been accepted): only WeChat's word moves it on.
 */
export const RefundPart = z.object({
  outRefundNo: z.string(),
  outTradeNo: z.string(),
  paidAt: z.string(),
  fen: z.number().int().positive(),
  /** The payment's total, which WeChat checks on every refund call. */
  totalFen: z.number().int().positive().optional(),
  status: RefundPartStatus,
  refundId: z.string().optional(),
  attempts: z.number().int().nonnegative().default(0),
  lastAttemptAt: z.string().optional(),
  detail: z.string().optional(),
});
export type RefundPart = z.infer<typeof RefundPart>;

export const RefundStatus = z.enum(['pending', 'deciding', 'rejected', 'refunding', 'refunded', 'failed']);
export type RefundStatus = z.infer<typeof RefundStatus>;

/** A claimed decision: who decided what, and the token that alone may carry it out. */
export const RefundDecision = z.object({
  token: z.string(),
  action: z.enum(['approve', 'reject']),
  method: z.enum(['wechat', 'cash']).optional(),
  by: z.string(),
  at: z.string(),
  note: z.string().optional(),
  idempotencyKey: z.string().optional(),
});
export type RefundDecision = z.infer<typeof RefundDecision>;

export const RefundRequest = z.object({
  id: z.string(),
  meterId: z.string(),
  requestedBy: z.string(),
  amountFen: z.number().int().positive(),
  reason: z.string(),
  status: RefundStatus,
  createdAt: z.string(),
  decision: RefundDecision.optional(),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  decisionNote: z.string().optional(),
  method: z.enum(['wechat', 'cash']).optional(),
  entryId: z.string().optional(),
  /** What was refunded: the request's amount, or less when less was left on the wallet when it was approved. */
  approvedFen: z.number().int().positive().optional(),
  /** Why the last attempt at carrying out a claimed decision did not finish (shown to managers). */
  lastError: z.string().optional(),
  parts: z.array(RefundPart).default([]),
  /**
   * A move-out's settlement: when the tenant moved out. Refunded to WeChat
   * payments made before then only, and the meter takes no new tenant until it is decided.
   */
  settlementOf: z.string().optional(),
});
export type RefundRequest = z.infer<typeof RefundRequest>;

const PartItem = RefundPart.extend({ requestId: z.string(), meterId: z.string().optional() });
export type StoredRefundPart = z.infer<typeof PartItem>;

type Update = NonNullable<WalletChange<unknown>['updates']>[number];

/** When a sweep looks at a claimed decision or an unsettled refund again. */
const DUE_AFTER_MS = 2 * 60_000;
const dueAt = (nowIso: string, afterMs = DUE_AFTER_MS) => new Date(Date.parse(nowIso) + afterMs).toISOString();

/**
 * Refund requests and their WeChat parts. A request is decided once: the
 * decision is claimed by one conditional write (pending → deciding) before
 * any money moves, and carried out by the claim's token alone; lists by
 * status (GSI1) and the work still due (GSI2, sparse) come from the same item.
 */
export function createRefundRepository(table: TableRef) {
  const methods = { ...requestMethods(table), ...claimMethods(table), ...partMethods(table), ...queueMethods(table) };
  return {
    ...methods,
    /** The request with the live state of each of its parts (the request keeps only a snapshot). */
    async view(id: string): Promise<RefundRequest | null> {
      const request = await methods.get(id);
      if (!request || request.parts.length === 0) return request;
      return { ...request, parts: await methods.parts(request) };
    },
  };
}

const requestKey = keys.refundRequest;
const statusIndex = (request: Pick<RefundRequest, 'id' | 'createdAt'>, status: RefundStatus) => keys.refundStatusIndex(status, request.createdAt, request.id);

/** Opening, reading and listing requests. */
function requestMethods(table: TableRef) {
  const T = table.tableName;
  return {
    key: requestKey,

    /** The guard that makes the wallet operation carrying out a decision on request `id` happen once. */
    decisionGuard: (id: string) => ({ key: keys.idempotency(`refund-decision:${id}`), item: { entity: 'idempotency' } }),

    /** The guard that makes the credit-back of a failed part happen once. */
    failureGuard: (outRefundNo: string) => ({ key: keys.idempotency(`refund-failed:${outRefundNo}`), item: { entity: 'idempotency' } }),

    /** The item to write as the guard of the wallet operation that opens the request. */
    newItem(request: RefundRequest): Record<string, unknown> {
      return { ...statusIndex(request, request.status), entity: 'refundRequest', ...request };
    },

    /** The item beside a new request that lists it under its meter. */
    meterPointer: (request: Pick<RefundRequest, 'id' | 'meterId' | 'createdAt'>) => ({ ...keys.meterRefund(request.meterId, request.createdAt, request.id), entity: 'refundPointer', requestId: request.id }),

    /** The item naming a move-out's settlement request, written with the request. */
    settlementPointer: (request: Pick<RefundRequest, 'id' | 'meterId'>) => ({ ...keys.meterSettlement(request.meterId), entity: 'settlementPointer', requestId: request.id }),

    /**
     * The meter's last move-out settlement while its money may still come back
     * to the wallet — pending, being decided, or being refunded to WeChat (a
     * part WeChat refuses is credited back) — else null.
     */
    async openSettlement(meterId: string): Promise<RefundRequest | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.meterSettlement(meterId), ConsistentRead: true }));
      if (!Item) return null;
      const request = await this.get(z.object({ requestId: z.string() }).parse(Item).requestId);
      return request && (request.status === 'pending' || request.status === 'deciding' || request.status === 'refunding') ? request : null;
    },

    /** A meter's requests, newest first (a page of pointers, then each request). */
    async listForMeter(meterId: string, options: { limit: number; cursor?: string }): Promise<{ items: RefundRequest[]; next: string | null }> {
      const PK = keys.meterPartition(meterId);
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': PK, ':sk': keys.meterRefundPrefix },
          ScanIndexForward: false,
          Limit: options.limit,
          ExclusiveStartKey: decodeCursor(options.cursor, { equals: { PK }, prefixes: { SK: keys.meterRefundPrefix } }),
        }),
      );
      const ids = (out.Items ?? []).map((item) => z.object({ requestId: z.string() }).parse(item).requestId);
      const requests = await Promise.all(ids.map((id) => this.get(id)));
      return { items: requests.filter((request): request is RefundRequest => request !== null), next: encodeCursor(out.LastEvaluatedKey) };
    },

    async get(id: string): Promise<RefundRequest | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: requestKey(id), ConsistentRead: true }));
      return Item ? RefundRequest.parse(Item) : null;
    },

    /** How many requests wait for a decision, and when the oldest was filed (null when none wait): a count of the pending index. */
    async waiting(): Promise<{ count: number; oldestAt: string | null }> {
      const pk = 'REFUNDS#pending';
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await table.doc.send(new QueryCommand({ TableName: T, IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': pk }, Select: 'COUNT', ExclusiveStartKey: start }));
        count += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
      const oldest = await table.doc.send(new QueryCommand({ TableName: T, IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ScanIndexForward: true, Limit: 1 }));
      const first = oldest.Items?.[0];
      return { count, oldestAt: first ? RefundRequest.parse(first).createdAt : null };
    },

    /** Requests in one status, a page at a time: pending oldest first (a queue), the others newest first. */
    async listByStatus(status: RefundStatus, options: { limit: number; cursor?: string }): Promise<{ items: RefundRequest[]; next: string | null }> {
      const pk = `REFUNDS#${status}`;
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          IndexName: GSI1,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: status === 'pending',
          Limit: options.limit,
          ExclusiveStartKey: decodeCursor(options.cursor, { equals: { GSI1PK: pk }, prefixes: { GSI1SK: '', PK: 'REFUNDREQ#', SK: 'REFUNDREQ' } }),
        }),
      );
      return { items: (out.Items ?? []).map((item) => RefundRequest.parse(item)), next: encodeCursor(out.LastEvaluatedKey) };
    },

  };
}

/** The claim of a decision, giving it back, and carrying it out. */
function claimMethods(table: TableRef) {
  const T = table.tableName;
  return {
    /** Claims the decision (pending → deciding); null when the request is no longer pending. */
    async claim(request: RefundRequest, decision: RefundDecision): Promise<RefundRequest | null> {
      try {
        const out = await table.doc.send(
          new UpdateCommand({
            TableName: T,
            Key: requestKey(request.id),
            UpdateExpression: 'SET #status = :deciding, decision = :decision, GSI1PK = :gsi1pk, GSI2PK = :gsi2pk, GSI2SK = :gsi2sk REMOVE lastError',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':deciding': 'deciding',
              ':pending': 'pending',
              ':decision': decision,
              ':gsi1pk': statusIndex(request, 'deciding').GSI1PK,
              ...dueValues(keys.due('REFUNDS', dueAt(decision.at), request.id)),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return RefundRequest.parse(out.Attributes);
      } catch (error) {
        if (isConditionFailure(error)) return null;
        throw error;
      }
    },

    /** Gives a claimed decision back (deciding → pending) when it cannot be carried out; false when the claim is no longer ours. */
    release: (request: RefundRequest, token: string, why: string): Promise<boolean> =>
      updateIf(table, {
        Key: requestKey(request.id),
        UpdateExpression: 'SET #status = :pending, GSI1PK = :gsi1pk, lastError = :why REMOVE decision, GSI2PK, GSI2SK',
        ConditionExpression: '#status = :deciding AND decision.#token = :token',
        ExpressionAttributeNames: { '#status': 'status', '#token': 'token' },
        ExpressionAttributeValues: { ':pending': 'pending', ':deciding': 'deciding', ':token': token, ':why': why.slice(0, 200), ':gsi1pk': statusIndex(request, 'pending').GSI1PK },
      }),

    /**
     * The update that carries out a claimed decision, riding in the wallet
     * transaction that moves the money: it fails (and so does the money) unless
     * the request is still `deciding` under this token.
     */
    carryOut(request: RefundRequest, token: string, outcome: { status: 'rejected' | 'refunding' | 'refunded'; at: string; fields: Partial<RefundRequest> }): Update {
      const fields: Record<string, unknown> = { ...outcome.fields, status: outcome.status, GSI1PK: statusIndex(request, outcome.status).GSI1PK };
      const due = outcome.status === 'refunding' ? keys.due('REFUNDS', dueAt(outcome.at), request.id) : null;
      if (due) Object.assign(fields, due);
      const names = Object.keys(fields);
      return {
        Key: requestKey(request.id),
        UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}${due ? '' : ' REMOVE GSI2PK, GSI2SK'}`,
        ConditionExpression: '#status = :deciding AND decision.#token = :token',
        ExpressionAttributeNames: { ...Object.fromEntries(names.map((name, i) => [`#f${i}`, name])), '#status': 'status', '#token': 'token' },
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((name, i) => [`:f${i}`, fields[name]])), ':deciding': 'deciding', ':token': token },
      };
    },

  };
}

/** The WeChat parts of an approved request. */
function partMethods(table: TableRef) {
  const T = table.tableName;
  return {
    /** A WeChat part as an item of the approving transaction. */
    partItem(request: RefundRequest, part: RefundPart): Record<string, unknown> {
      return { ...keys.refundPart(part.outRefundNo), entity: 'refundPart', requestId: request.id, meterId: request.meterId, ...part };
    },

    async part(outRefundNo: string): Promise<StoredRefundPart | null> {
      const { Item } = await table.doc.send(new GetCommand({ TableName: T, Key: keys.refundPart(outRefundNo), ConsistentRead: true }));
      return Item ? PartItem.parse(Item) : null;
    },

    /** Every part of a request, in the request's order, as stored now. */
    async parts(request: RefundRequest): Promise<RefundPart[]> {
      const found = await batchGetByKey(table, request.parts.map((part) => keys.refundPart(part.outRefundNo)));
      return request.parts.map((snapshot) => {
        const item = found.get(keyId(keys.refundPart(snapshot.outRefundNo)));
        const { requestId: _r, meterId: _m, ...part } = item ? PartItem.parse(item) : { ...snapshot, requestId: request.id };
        return part;
      });
    },

    /**
     * Takes the part's lease for one attempt at WeChat (a call or a query):
     * only the holder may ask WeChat to pay it, so a part failed and credited
     * back can never be sent again by a caller that read it just before. False
     * when it is final or another caller holds an unexpired lease.
     */
    leasePart: (outRefundNo: string, token: string, nowIso: string, leaseMs: number): Promise<boolean> =>
      updatePart(
        table,
        outRefundNo,
        'SET leaseUntil = :until, leaseToken = :token, lastAttemptAt = :now, attempts = if_not_exists(attempts, :zero) + :one',
        { ':until': new Date(Date.parse(nowIso) + leaseMs).toISOString(), ':token': token, ':now': nowIso, ':zero': 0, ':one': 1 },
        ' AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)',
      ),

    /**
     * Records what an attempt learnt of a part that is not final (still
     * `requested`, or `processing` at WeChat), by the holder of its lease
     * only, and keeps the lease until `leaseUntil` (now: given back; later:
     * a call whose outcome is unknown may still be on its way). False when the
     * part is final or the lease is someone else's.
     */
    async notePart(outRefundNo: string, token: string, fields: { status: 'requested' | 'processing'; leaseUntil: string; detail: string; refundId?: string }): Promise<boolean> {
      return updatePart(
        table,
        outRefundNo,
        'SET #status = :status, leaseUntil = :until, detail = :detail' + (fields.refundId ? ', refundId = :refundId' : ''),
        { ':status': fields.status, ':until': fields.leaseUntil, ':detail': fields.detail.slice(0, 200), ':token': token, ...(fields.refundId ? { ':refundId': fields.refundId } : {}) },
        ' AND leaseToken = :token',
      );
    },

    /** WeChat says the part was paid out: final; false when it was already final. */
    async succeedPart(outRefundNo: string, refundId: string, at: string): Promise<boolean> {
      return updatePart(table, outRefundNo, 'SET #status = :status, refundId = :refundId, lastAttemptAt = :at', { ':status': 'succeeded', ':refundId': refundId, ':at': at });
    },

    /**
     * The update that fails a part, riding in the transaction that puts its
     * money back on the wallet. A definite refusal fails it under the lease of
     * the attempt that got it (`token`); WeChat's own CLOSED/ABNORMAL needs none.
     */
    failPartUpdate(outRefundNo: string, detail: string, token?: string): Update {
      return {
        Key: keys.refundPart(outRefundNo),
        UpdateExpression: 'SET #status = :failed, detail = :detail',
        ConditionExpression: `#status IN (:requested, :processing)${token ? ' AND leaseToken = :token' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'failed', ':detail': detail.slice(0, 200), ':requested': 'requested', ':processing': 'processing', ...(token ? { ':token': token } : {}) },
      };
    },

  };
}

/** Closing a request, and the sweep's queue of work due. */
function queueMethods(table: TableRef) {
  return {
    /** Closes a refunding request once every part is final (refunding → refunded | failed); false when another caller did. */
    finish: (request: RefundRequest, status: 'refunded' | 'failed', parts: readonly RefundPart[]): Promise<boolean> =>
      updateIf(table, {
        Key: requestKey(request.id),
        UpdateExpression: 'SET #status = :status, parts = :parts, GSI1PK = :gsi1pk REMOVE GSI2PK, GSI2SK',
        ConditionExpression: '#status = :refunding',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':parts': parts, ':refunding': 'refunding', ':gsi1pk': statusIndex(request, status).GSI1PK },
      }),

    /** Requests a sweep must look at again (a claim not carried out, parts not settled), most overdue first. */
    async due(nowIso: string, limit: number): Promise<RefundRequest[]> {
      return (await dueItems(table, 'REFUNDS', nowIso, limit)).map((item) => RefundRequest.parse(item));
    },

    /** Moves a request that is still unsettled to the back of the sweep's queue. */
    async postpone(request: RefundRequest, nowIso: string, afterMs: number): Promise<void> {
      await updateIf(table, {
        Key: requestKey(request.id),
        UpdateExpression: 'SET GSI2PK = :gsi2pk, GSI2SK = :gsi2sk',
        ConditionExpression: '#status IN (:deciding, :refunding)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ...dueValues(keys.due('REFUNDS', dueAt(nowIso, afterMs), request.id)), ':deciding': 'deciding', ':refunding': 'refunding' },
      });
    },
  };
}

const dueValues = (due: { GSI2PK: string; GSI2SK: string }) => ({ ':gsi2pk': due.GSI2PK, ':gsi2sk': due.GSI2SK });


/** A conditional update of a part that is not final yet (and meets `extraCondition`); false when it is not. */
function updatePart(table: TableRef, outRefundNo: string, expression: string, values: Record<string, unknown>, extraCondition = ''): Promise<boolean> {
  return updateIf(table, {
    Key: keys.refundPart(outRefundNo),
    UpdateExpression: expression,
    ConditionExpression: `attribute_exists(PK) AND #status IN (:requested, :processing)${extraCondition}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ...values, ':requested': 'requested', ':processing': 'processing' },
  });
}

export type RefundRepository = ReturnType<typeof createRefundRepository>;
