import { Button, Text, View } from '@tarojs/components';
import { getLedgerEntry, getMeter } from '../../api';
import { ApiErrorView, RemoteView, SessionNotice, firstError } from '../../components';
import { queryKeys } from '../../data';
import { describeLocation, formatBalance, formatShanghaiTime } from '../../format';
import { useRemote, useSession } from '../../hooks';
import { useT } from '../../i18n';
import '../tenant.css';

/** The receipt of one recharge (`#receipt`): number, meter, time, method, reference, amount and the balance after; printed from a browser (`#receipt-print`). */
export function ReceiptScreen({ meterId, entryId }: { meterId: string; entryId: string }) {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const entry = useRemote(queryKeys.entry(openid, meterId, entryId), () => getLedgerEntry(meterId, entryId), openid !== '' && entryId !== '');
  // Where the meter is, for the paper (the receipt is whole without it).
  const meter = useRemote(queryKeys.meter(openid, meterId), () => getMeter(meterId), openid !== '' && meterId !== '');
  const location = meter.status === 'ready' ? describeLocation(meter.data) : null;
  const error = firstError(session);
  return (
    <View className='page page--receipt'>
      <View className='page__content'>
        <Text className='page-title'>{t('receipt.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <RemoteView id='receipt' state={entry}>
          {(data) => {
            const rows: [string, string, string][] = [
              ['receipt-id', t('receipt.id'), data.id],
              ...(location ? [['receipt-room', t('receipt.room'), location] as [string, string, string]] : []),
              ['receipt-meter', t('receipt.meter'), meterId],
              ['receipt-kind', t('receipt.kind'), t(`records.kinds.${data.kind === 'charge' ? 'adjustment' : data.kind}`)],
              ['receipt-time', t('receipt.time'), formatShanghaiTime(data.at)],
              ['receipt-method', t('receipt.method'), data.method ? t(`records.methods.${data.method}` as 'records.methods.cash', { defaultValue: data.method }) : '—'],
              ...(data.reference ? [['receipt-reference', t('receipt.reference'), data.reference] as [string, string, string]] : []),
              ['receipt-amount', t('receipt.amount'), `${data.amountFen >= 0 ? '+' : ''}${formatBalance(data.amountFen)}`],
              ['receipt-balance', t('receipt.balance'), formatBalance(data.balanceAfterFen)],
            ];
            return (
              <View id='receipt' className='receipt'>
                {rows.map(([id, label, value]) => (
                  <View key={id} className='receipt__row'>
                    <Text className='receipt__label'>{label}</Text>
                    <Text id={id} className='receipt__value'>{value}</Text>
                  </View>
                ))}
                <Text className='receipt__note'>{t('receipt.note')}</Text>
                {/* A browser prints the page (the app's bars hidden); WeChat has no printing, so there the receipt is kept as a screenshot. */}
                {process.env.TARO_ENV === 'h5' ? (
                  <Button id='receipt-print' className='primary-button no-print' onClick={() => window.print()}>
                    {t('receipt.print')}
                  </Button>
                ) : (
                  <Text className='receipt__note'>{t('receipt.keep')}</Text>
                )}
              </View>
            );
          }}
        </RemoteView>
      </View>
    </View>
  );
}
