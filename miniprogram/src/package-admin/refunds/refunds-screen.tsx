import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { asApiError, type ApiError } from '../../api';
import { ApiErrorView, SessionNotice, firstError } from '../../components';
import { queryClient, queryKeys } from '../../data';
import { formatBalance, formatShanghaiTime } from '../../format';
import { useRemote, useRemotePages, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { ensureSession } from '../../session';
import { approveRefund, getMeterForStaff, listLedger, listRefundRequests, rejectRefund } from '../api';
import { confirmAction, newIdempotencyKey } from '../confirm';
import { PagedList } from '../paged-list';
import { useStaffNames } from '../staff-names';
import '../admin.css';

/**
 * The refund queue (`#admin-refunds`): the requests waiting in the manager's
 * buildings, each with the meter's balance beside it; approve to WeChat (the
 * original payments) or in cash after a confirmation, or reject with a reason.
 * A request decided meanwhile by someone else answers 409, shown as such.
 */
export function RefundsScreen() {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const refunds = useRemotePages(queryKeys.adminRefunds(openid, 'pending'), (cursor) => listRefundRequests('pending', cursor), openid !== '');
  const error = firstError(session) ?? (refunds.status === 'error' ? refunds.error : null);
  return (
    <View className='page page--admin-refunds'>
      <View className='page__content'>
        <Text className='page-title'>{t('admin.refunds.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => { void ensureSession(); refunds.reload(); }} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <PagedList id='admin-refunds' pages={refunds} empty={t('admin.refunds.empty')}>
          {(request) => <RefundItem key={request.id} request={request} openid={openid} />}
        </PagedList>
      </View>
    </View>
  );
}

type Outcome = { status: string } | { elsewhere: true } | { error: ApiError } | { invalid: string } | null;

/**
 * Carrying out a decision: its outcome, and what it makes stale — the
 * meter's money and the estate's counts. The queue itself is read again when
 * the page opens, so a decided request stays in sight with what became of it;
 * one decided meanwhile by someone else (409) says so in words.
 */
function useDecision(openid: string, meterId: string) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const stale = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.adminMeter(openid, meterId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.overview(openid) });
  };
  const decide = async (work: () => Promise<{ status: string }>) => {
    try {
      setOutcome({ status: (await work()).status });
      stale();
    } catch (caught) {
      const error = asApiError(caught);
      if (error.code !== 'refund.already_decided') return setOutcome({ error });
      setOutcome({ elsewhere: true });
      stale();
    }
  };
  return { outcome, setOutcome, decide };
}

type Request = Awaited<ReturnType<typeof listRefundRequests>>['items'][number];

function RefundItem({ request, openid }: { request: Request; openid: string }) {
  const { t } = useT();
  const nameOf = useStaffNames();
  const meter = useRemote([...queryKeys.adminMeter(openid, request.meterId), 'view'], () => getMeterForStaff(request.meterId), openid !== '');
  const [reason, setReason] = useState('');
  const [key] = useState(newIdempotencyKey);
  const { outcome, setOutcome, decide } = useDecision(openid, request.meterId);
  const approve = async (method: 'wechat' | 'cash') => {
    if (!(await confirmAction(t('admin.refunds.confirmApprove', { amount: formatBalance(request.amountFen), meter: request.meterId })))) return;
    await decide(() => approveRefund(request.id, method, `${key}-${method}`));
  };
  const reject = async () => {
    if (reason.trim() === '') return setOutcome({ invalid: t('admin.refunds.rejectReason') });
    await decide(() => rejectRefund(request.id, reason.trim()));
  };
  return (
    <View id={`refund-${request.id}`} className='admin-item'>
      <View className='admin-item__main'>
        <Text className='admin-item__title'>{t('admin.refunds.asked', { amount: formatBalance(request.amountFen) })}</Text>
        <Text className='admin-item__sub'>{request.meterId}</Text>
      </View>
      <Text className='admin-item__sub'>{t('admin.refunds.reason', { reason: request.reason })}</Text>
      {request.settlementOf ? (
        <Text id={`refund-${request.id}-settlement`} className='admin-item__sub'>
          {t('admin.refunds.settlement', { at: formatShanghaiTime(request.settlementOf) })}
        </Text>
      ) : null}
      <Text className='admin-item__sub'>{`${formatShanghaiTime(request.createdAt)} · ${nameOf(request.requestedBy)}`}</Text>
      <Text id={`refund-${request.id}-balance`} className='admin-item__sub'>{meter.status === 'ready' ? t('admin.refunds.balance', { balance: formatBalance(meter.data.balanceFen) }) : '…'}</Text>
      <RecentPayments id={`refund-${request.id}-payments`} meterId={request.meterId} openid={openid} />
      {request.requestedBy === `user:${openid}` && !outcome ? (
        // Four eyes: whoever recorded it (a move-out, a request on a tenant's behalf) does not decide it; the API refuses it too.
        <Text id={`refund-${request.id}-own`} className='admin-item__sub'>{t('admin.refunds.own')}</Text>
      ) : outcome && 'elsewhere' in outcome ? (
        <Text id={`refund-${request.id}-outcome`} className='form-error'>{t('admin.refunds.elsewhere')}</Text>
      ) : outcome && 'status' in outcome ? (
        <Text id={`refund-${request.id}-outcome`} className='form-ok'>{t('admin.refunds.decided', { status: t(`admin.refunds.statuses.${outcome.status}` as 'admin.refunds.statuses.pending', { defaultValue: outcome.status }) })}</Text>
      ) : (
        <>
          <View className='admin-row'>
            <Button id={`refund-${request.id}-wechat`} className='primary-button' onClick={() => void approve('wechat')}>
              {t('admin.refunds.approveWechat')}
            </Button>
            <Button id={`refund-${request.id}-cash`} className='secondary-action' onClick={() => void approve('cash')}>
              {t('admin.refunds.approveCash')}
            </Button>
          </View>
          <View className='admin-row'>
            <Input id={`refund-${request.id}-reason`} className='form-input' value={reason} maxlength={200} placeholder={t('admin.refunds.rejectReason')} aria-label={t('admin.refunds.rejectReason')} onInput={(event) => setReason(event.detail.value)} />
            <Button id={`refund-${request.id}-reject`} className='secondary-action danger-button' onClick={() => void reject()}>
              {t('admin.refunds.reject')}
            </Button>
          </View>
        </>
      )}
      {outcome && 'error' in outcome ? <ApiErrorView error={outcome.error} /> : null}
      {outcome && 'invalid' in outcome ? <Text className='form-error'>{outcome.invalid}</Text> : null}
    </View>
  );
}

/** The tenant's recent top-ups beside a request: what a WeChat refund would go back to. */
function RecentPayments({ id, meterId, openid }: { id: string; meterId: string; openid: string }) {
  const { t } = useT();
  const ledger = useRemote([...queryKeys.adminMeter(openid, meterId), 'ledger-first'], () => listLedger(meterId), openid !== '');
  const payments = ledger.status === 'ready' ? ledger.data.items.filter((entry) => entry.kind === 'recharge').slice(0, 3) : [];
  return (
    <Text id={id} className='admin-item__sub'>
      {payments.length === 0
        ? t('admin.refunds.noPayments')
        : `${t('admin.refunds.payments')} ${payments.map((entry) => `${formatBalance(entry.amountFen)} ${t(`records.methods.${entry.method ?? 'cash'}` as 'records.methods.cash', { defaultValue: entry.method ?? '' })} ${formatShanghaiTime(entry.at).slice(5)}`).join('；')}`}
    </Text>
  );
}
