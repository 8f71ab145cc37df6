import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { asApiError, type ApiError } from '../../api';
import { ApiErrorView, LoadingView } from '../../components';
import { formatBalance, formatShanghaiTime, parseYuanToFen } from '../../format';
import { useRemotePages } from '../../hooks';
import { useT } from '../../i18n';
import { adjustBalance, listLedger } from '../api';
import { confirmAction, newIdempotencyKey } from '../confirm';
import { useStaffNames } from '../staff-names';

/** A signed amount of yuan (`-5.00`, `12.3`) as integer fen; null when it is not one or is zero. */
export function parseSignedYuanToFen(text: string): number | null {
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const fen = parseYuanToFen(negative ? trimmed.slice(1) : trimmed);
  if (fen === null || fen === 0) return null;
  return negative ? -fen : fen;
}

/** Entries a manager may reverse: money entered by people (a cash or bank payment, a correction), not charges, refunds or reversals. */
const reversible = (kind: string) => kind === 'recharge' || kind === 'adjustment';

/**
 * The meter's latest ledger entries (`#admin-ledger`), a correction with a
 * reason (`#correction-form`), and the reversal of one entry (an opposite
 * entry, once per entry: the API keys it by the entry), after a confirmation.
 */
export function Ledger({ meterId, ready, queryKey, onChange }: { meterId: string; ready: boolean; queryKey: readonly unknown[]; onChange: () => void }) {
  const { t } = useT();
  const ledger = useRemotePages(queryKey, (cursor) => listLedger(meterId, cursor), ready);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | { error: ApiError } | null>(null);
  const post = async (body: { amountFen: number; reason: string; reversesEntryId?: string }, idempotencyKey: string) => {
    try {
      const done = await adjustBalance(meterId, body, idempotencyKey);
      setOutcome({ ok: true, text: t('admin.correction.done', { amount: `${body.amountFen > 0 ? '+' : ''}${formatBalance(body.amountFen)}`, balance: formatBalance(done.balanceFen) }) });
      onChange();
      return true;
    } catch (caught) {
      setOutcome({ error: asApiError(caught) });
      return false;
    }
  };
  const correct = async () => {
    const fen = parseSignedYuanToFen(amount);
    if (fen === null) return setOutcome({ ok: false, text: t('admin.correction.badAmount') });
    if (reason.trim() === '') return setOutcome({ ok: false, text: t('admin.correction.reason') });
    if (await post({ amountFen: fen, reason: reason.trim() }, key)) {
      setAmount('');
      setReason('');
      setKey(newIdempotencyKey());
    }
  };
  const reverse = async (entry: { id: string; amountFen: number; reason?: string | undefined; kind: string }) => {
    if (!(await confirmAction(t('admin.correction.confirmReverse', { amount: formatBalance(entry.amountFen) })))) return;
    await post({ amountFen: -entry.amountFen, reason: t('admin.correction.reverseReason', { reason: entry.reason ?? t(`records.kinds.${entry.kind}` as 'records.kinds.recharge') }), reversesEntryId: entry.id }, `reverse-${entry.id}`);
  };
  if (ledger.status === 'error') return <ApiErrorView error={ledger.error} onRetry={ledger.reload} />;
  if (ledger.status !== 'ready') return <LoadingView id='ledger-loading' />;
  return (
    <>
      <Text className='admin-section'>{t('admin.correction.title')}</Text>
      <View id='correction-form' className='admin-form'>
        <Input id='correction-amount' className='form-input' value={amount} maxlength={12} placeholder={t('admin.correction.amount')} aria-label={t('admin.correction.amount')} onInput={(event) => setAmount(event.detail.value)} />
        <Input id='correction-reason' className='form-input' value={reason} maxlength={200} placeholder={t('admin.correction.reason')} aria-label={t('admin.correction.reason')} onInput={(event) => setReason(event.detail.value)} />
        <Button id='correction-submit' className='secondary-action' onClick={() => void correct()}>
          {t('admin.correction.submit')}
        </Button>
        {outcome && 'error' in outcome ? <ApiErrorView error={outcome.error} /> : null}
        {outcome && !('error' in outcome) ? <Text id='correction-outcome' className={outcome.ok ? 'form-ok' : 'form-error'} aria-live='polite'>{outcome.text}</Text> : null}
      </View>
      <Text className='admin-section'>{t('admin.meter.ledger')}</Text>
      <View id='admin-ledger' className='admin-list'>
        {ledger.items.map((entry) => (
          <EntryRow key={entry.id} entry={entry} onReverse={() => void reverse(entry)} />
        ))}
        {ledger.hasMore ? (
          <Button className='secondary-action' onClick={ledger.more}>
            {t('admin.list.more')}
          </Button>
        ) : null}
      </View>
    </>
  );
}

type Entry = Extract<Awaited<ReturnType<typeof listLedger>>['items'][number], { id: string }>;

function EntryRow({ entry, onReverse }: { entry: Entry; onReverse: () => void }) {
  const { t } = useT();
  const nameOf = useStaffNames();
  return (
    <View id={`entry-${entry.id}`} className='admin-item' data-kind={entry.kind}>
      <View className='admin-item__main'>
        <Text className='admin-item__title'>{t(`records.kinds.${entry.kind}`)}</Text>
        <Text className={`admin-item__value${entry.amountFen < 0 ? ' is-negative' : ''}`}>{`${entry.amountFen > 0 ? '+' : ''}${formatBalance(entry.amountFen)}`}</Text>
      </View>
      <Text className='admin-item__sub'>{[formatShanghaiTime(entry.at), entry.method ? t(`records.methods.${entry.method}` as 'records.methods.cash', { defaultValue: entry.method }) : null, entry.operator ? nameOf(entry.operator) : null, entry.reason ?? null, t('records.balanceAfter', { balance: formatBalance(entry.balanceAfterFen) })].filter(Boolean).join(' · ')}</Text>
      {reversible(entry.kind) ? (
        <Button id={`reverse-${entry.id}`} className='link-button' onClick={onReverse}>
          {t('admin.correction.reverse')}
        </Button>
      ) : null}
    </View>
  );
}
