import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { listRefunds, requestRefund, type ApiError, asApiError } from '../../api';
import { ApiErrorView, LoadingView, SessionNotice, firstError } from '../../components';
import { queryClient, queryKeys } from '../../data';
import { formatBalance, formatShanghaiTime, parseYuanToFen } from '../../format';
import { useRemotePages, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { ensureSession } from '../../session';
import '../tenant.css';

type Submit = { state: 'idle' } | { state: 'sending' } | { state: 'sent' } | { state: 'invalid'; message: string } | { state: 'failed'; error: ApiError };

/**
 * Ask for money back (`#refund-form`): what may be asked for
 * (`#refundable`), an amount in yuan (turned into fen by its text) and a
 * reason, checked before anything is sent; then every request of the meter
 * with its status through to the money arriving (`#refund-list`).
 */
export function RefundScreen({ meterId }: { meterId: string }) {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const refunds = useRemotePages(queryKeys.refunds(openid, meterId), (cursor) => listRefunds(meterId, cursor), openid !== '' && meterId !== '');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [submit, setSubmit] = useState<Submit>({ state: 'idle' });
  const refundableFen = refunds.status === 'ready' ? refunds.first.refundableFen : null;
  const error = firstError(session) ?? (refunds.status === 'error' ? refunds.error : null);

  const send = async (): Promise<void> => {
    if (submit.state === 'sending' || refundableFen === null) return;
    const amountFen = parseYuanToFen(amount);
    if (amountFen === null || amountFen <= 0) return setSubmit({ state: 'invalid', message: t('refund.badAmount') });
    if (amountFen > refundableFen) return setSubmit({ state: 'invalid', message: t('refund.tooMuch', { amount: formatBalance(refundableFen) }) });
    if (reason.trim() === '') return setSubmit({ state: 'invalid', message: t('refund.needReason') });
    setSubmit({ state: 'sending' });
    try {
      await requestRefund(meterId, amountFen, reason.trim());
      setSubmit({ state: 'sent' });
      setAmount('');
      setReason('');
      // The request is listed, and the meter's refundable amount changed.
      void queryClient.invalidateQueries({ queryKey: queryKeys.user(openid) });
    } catch (caught) {
      setSubmit({ state: 'failed', error: asApiError(caught) });
    }
  };

  return (
    <View className='page page--refund'>
      <View className='page__content'>
        <Text className='page-title'>{t('refund.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => { void ensureSession(); refunds.reload(); }} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        {refunds.status === 'loading' ? <LoadingView id='refunds-loading' /> : null}
        {refundableFen === null ? null : (
          <View id='refund-form' className='refund-form'>
            <Text id='refundable' className='refundable'>{t('refund.refundable', { amount: formatBalance(refundableFen) })}</Text>
            <Text className='form-label'>{t('refund.amount')}</Text>
            <Input id='refund-amount' className='form-input' type='digit' value={amount} placeholder={t('refund.amountHint')} maxlength={10} onInput={(event) => setAmount(event.detail.value)} aria-label={t('refund.amount')} />
            <Text className='form-label'>{t('refund.reason')}</Text>
            <Input id='refund-reason' className='form-input' value={reason} placeholder={t('refund.reasonHint')} maxlength={200} onInput={(event) => setReason(event.detail.value)} aria-label={t('refund.reason')} />
            {submit.state === 'invalid' ? <Text id='refund-invalid' className='form-error' aria-live='polite'>{submit.message}</Text> : null}
            {submit.state === 'failed' ? <ApiErrorView error={submit.error} /> : null}
            {submit.state === 'sent' ? <Text id='refund-sent' className='form-ok' aria-live='polite'>{t('refund.submitted')}</Text> : null}
            <Button id='refund-submit' className='primary-button' disabled={submit.state === 'sending'} onClick={() => void send()}>
              {submit.state === 'sending' ? t('refund.submitting') : t('refund.submit')}
            </Button>
          </View>
        )}
        {refunds.status === 'ready' ? <RefundList items={refunds.items} hasMore={refunds.hasMore} more={refunds.more} /> : null}
      </View>
    </View>
  );
}

type Request = Awaited<ReturnType<typeof listRefunds>>['items'][number];

/** Every request of the meter with its status through to the money arriving (`#refund-list`). */
function RefundList({ items, hasMore, more }: { items: Request[]; hasMore: boolean; more: () => void }) {
  const { t } = useT();
  return (
    <>
      <Text className='recharge-section-title'>{t('refund.history')}</Text>
      {items.length === 0 ? <Text id='refunds-empty' className='list-end'>{t('refund.empty')}</Text> : null}
      <View id='refund-list' className='refund-list'>
        {items.map((request) => (
          <View key={request.id} id={`refund-${request.id}`} className='refund-item'>
            <View className='refund-item__main'>
              <Text className='refund-item__amount'>{formatBalance(request.amountFen)}</Text>
              <Text className={`status-chip is-${request.status}`}>{t(`refund.statuses.${request.status}`)}</Text>
            </View>
            <View className='refund-item__sub'>
              <Text>{`${formatShanghaiTime(request.createdAt)} · ${request.reason}`}</Text>
            </View>
            {request.approvedFen !== undefined ? <Text className='refund-item__sub'>{t('refund.approved', { amount: formatBalance(request.approvedFen) })}</Text> : null}
            {request.decisionNote ? <Text className='refund-item__sub'>{t('refund.rejectedBecause', { reason: request.decisionNote })}</Text> : null}
          </View>
        ))}
      </View>
      {hasMore ? (
        <Button id='refunds-more' className='secondary-action' onClick={more}>
          {t('records.more')}
        </Button>
      ) : null}
    </>
  );
}
