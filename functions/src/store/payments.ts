import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { queryAll } from './batch';
import type { TableRef } from './client';
import { GSI1, keys, shanghaiDay } from './keys';

/** A WeChat Pay payment that credited a wallet: what refunds can go back to. */
export const WechatPayment = z.object({
  meterId: z.string(),
  outTradeNo: z.string(),
  transactionId: z.string(),
  amountFen: z.number().int().positive(),
  refundedFen: z.number().int().nonnegative(),
  paidAt: z.string(),
  entryId: z.string(),
});
export type WechatPayment = z.infer<typeof WechatPayment>;

/** The item written in the same transaction as the credit (see ledger `extraItems`). */
export function paymentItem(payment: WechatPayment): Record<string, unknown> {
  return {
    ...keys.payment(payment.meterId, payment.paidAt, payment.outTradeNo),
    ...keys.paymentDayIndex(payment.paidAt, payment.outTradeNo),
    entity: 'payment',
    ...payment,
  };
}

export function createPaymentRepository(table: TableRef) {
  const T = table.tableName;
  return {
    /** A meter's WeChat payments not yet wholly refunded, newest first, paid at or after `sinceIso` (and before `beforeIso` when given). */
    async refundable(meterId: string, sinceIso: string, beforeIso?: string): Promise<WechatPayment[]> {
      // An empty window (a request older than WeChat's year): nothing, not a query DynamoDB refuses.
      if (beforeIso !== undefined && beforeIso <= sinceIso) return [];
      const out = await table.doc.send(
        new QueryCommand({
          TableName: T,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': keys.meterPartition(meterId),
            ':from': `${keys.paymentPrefix}${sinceIso}`,
            // Before a time: every key of a payment made then or later sorts after this one.
            ':to': beforeIso ? `${keys.paymentPrefix}${beforeIso}` : `${keys.paymentPrefix}~`,
          },
          ScanIndexForward: false,
        }),
      );
      return (out.Items ?? []).map((item) => WechatPayment.parse(item)).filter((payment) => payment.refundedFen < payment.amountFen);
    },

    /**
     * The update that reserves `fen` of a payment for a refund, riding in the
     * transaction that debits the wallet: refused when it would refund more than was paid.
     */
    reserveRefundUpdate(payment: WechatPayment, fen: number) {
      return {
        Key: keys.payment(payment.meterId, payment.paidAt, payment.outTradeNo),
        UpdateExpression: 'SET refundedFen = refundedFen + :fen',
        // Condition expressions cannot add: compare with the most that may already be refunded.
        ConditionExpression: 'refundedFen <= :limit',
        ExpressionAttributeValues: { ':fen': fen, ':limit': payment.amountFen - fen },
      };
    },

    /** The update that gives back the reservation of a refund that failed, riding in the transaction that credits the wallet back. */
    releaseRefundUpdate(meterId: string, paidAt: string, outTradeNo: string, fen: number) {
      return {
        Key: keys.payment(meterId, paidAt, outTradeNo),
        UpdateExpression: 'SET refundedFen = refundedFen - :fen',
        ConditionExpression: 'refundedFen >= :fen',
        ExpressionAttributeValues: { ':fen': fen },
      };
    },

    /** Every WeChat payment credited on a Beijing calendar day (for reconciliation). */
    async onDay(day: string): Promise<WechatPayment[]> {
      const items = await queryAll(table, { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': `PAYMENTS#${day}` } });
      return items.map((item) => WechatPayment.parse(item));
    },
  };
}

export { shanghaiDay };
export type PaymentRepository = ReturnType<typeof createPaymentRepository>;
