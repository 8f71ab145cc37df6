import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { RecordView } from '@prepaid/shared';
import { listRecords } from '../../api';
import { ApiErrorView, SessionNotice, firstError, LoadingView } from '../../components';
import { queryKeys } from '../../data';
import { UTILITY_LABELS, formatBalance, formatLitresAsCubicMetres, formatShanghaiTime, formatWhAsKwh } from '../../format';
import { useMeter, useRemotePages, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { pageUrl } from '../../routes';
import { ensureSession } from '../../session';
import '../tenant.css';

/**
 * A meter's records (`#records`): each day's charges as one line, every
 * recharge, refund and adjustment alone, each with the balance after it;
 * a recharge opens its receipt. Pages with the route's cursor (`#records-more`).
 */
export function RecordsScreen({ meterId }: { meterId: string }) {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const meter = useMeter(session, meterId);
  const records = useRemotePages(queryKeys.records(openid, meterId), (cursor) => listRecords(meterId, cursor), openid !== '' && meterId !== '');
  const error = firstError(session, meter) ?? (records.status === 'error' ? records.error : null);
  const unit = meter.status === 'ready' && meter.data.utility === 'water' ? 'L' : 'Wh';
  return (
    <View className='page page--records'>
      <View className='page__content'>
        <Text className='page-title'>{t('records.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => { void ensureSession(); meter.reload(); records.reload(); }} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        {records.status === 'loading' ? <LoadingView id='records-loading' /> : null}
        {records.status === 'ready' ? (
          records.items.length === 0 ? (
            <View id='records-empty' className='empty-state'>
              <Text className='empty-state__title'>{t('records.empty')}</Text>
            </View>
          ) : (
            <View id='records' className='record-list'>
              {records.items.map((record) => (
                <RecordRow key={record.kind === 'charges' ? `day-${record.day}-${record.to}` : record.entryId} record={record} unit={unit} meterId={meterId} />
              ))}
              {records.moreError ? <ApiErrorView error={records.moreError} onRetry={records.more} /> : null}
              {records.hasMore ? (
                <Button id='records-more' className='secondary-action' disabled={records.loadingMore} onClick={records.more}>
                  {records.loadingMore ? t('common.loading') : t('records.more')}
                </Button>
              ) : (
                <Text className='list-end'>{t('records.end')}</Text>
              )}
            </View>
          )
        ) : null}
      </View>
    </View>
  );
}

function RecordRow({ record, unit, meterId }: { record: RecordView; unit: 'Wh' | 'L'; meterId: string }) {
  const { t, language } = useT();
  const amount = `${record.amountFen > 0 ? '+' : ''}${formatBalance(record.amountFen)}`;
  if (record.kind === 'charges') {
    const quantity = unit === 'Wh' ? formatWhAsKwh(record.quantity) : formatLitresAsCubicMetres(record.quantity);
    return (
      <View className='record record--charges' data-kind='charges'>
        <View className='record__main'>
          <Text className='record__title'>{t('records.charges', { day: record.day, utility: UTILITY_LABELS[unit === 'Wh' ? 'electricity' : 'water'][language], quantity })}</Text>
          <Text className='record__amount is-debit'>{amount}</Text>
        </View>
        <View className='record__sub'>
          <Text>{t('records.chargesCount', { count: record.count })}</Text>
          <Text className='record__balance'>{t('records.balanceAfter', { balance: formatBalance(record.balanceAfterFen) })}</Text>
        </View>
      </View>
    );
  }
  const method = record.method ? t(`records.methods.${record.method}` as 'records.methods.cash', { defaultValue: record.method }) : '';
  return (
    <View id={`record-${record.entryId}`} className={`record record--${record.kind}`} data-kind={record.kind}>
      <View className='record__main'>
        <Text className='record__title'>{`${t(`records.kinds.${record.kind}`)}${method ? ` · ${method}` : ''}`}</Text>
        <Text className={record.amountFen >= 0 ? 'record__amount is-credit' : 'record__amount is-debit'}>{amount}</Text>
      </View>
      <View className='record__sub'>
        <Text>{formatShanghaiTime(record.at)}</Text>
        <Text className='record__balance'>{t('records.balanceAfter', { balance: formatBalance(record.balanceAfterFen) })}</Text>
      </View>
      {record.kind === 'recharge' ? (
        <Button id={`receipt-${record.entryId}`} className='link-button' onClick={() => void Taro.navigateTo({ url: pageUrl('receipt', { meterId, entryId: record.entryId }) })}>
          {t('records.receipt')}
        </Button>
      ) : null}
    </View>
  );
}
