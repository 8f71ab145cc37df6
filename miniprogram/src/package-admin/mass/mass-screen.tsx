import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { asApiError, type ApiError } from '../../api';
import { ApiErrorView, SessionNotice, firstError } from '../../components';
import { queryClient, queryKeys } from '../../data';
import { formatShanghaiTime } from '../../format';
import { useRemotePages, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { ensureSession } from '../../session';
import { approveMass, endMass, listMassActions, rejectMass, requestKeepOn } from '../api';
import { confirmAction } from '../confirm';
import { PagedList } from '../paged-list';
import { useStaffNames } from '../staff-names';
import '../admin.css';

const SPANS_DAYS = [1, 3, 7] as const;

type MassAction = Awaited<ReturnType<typeof listMassActions>>['items'][number];

/**
 * Keeping a whole building on (`#mass`): ask with an end time and a reason
 * (`#mass-form`), and the building's requests (`#mass-list`) — another
 * manager approves or rejects one awaiting approval; an active one can be
 * ended early. It ends by itself at its end time.
 */
export function MassScreen({ buildingId }: { buildingId: string }) {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const actions = useRemotePages(queryKeys.adminMass(openid, buildingId), (cursor) => listMassActions(buildingId, cursor), openid !== '' && buildingId !== '');
  const [days, setDays] = useState<number>(3);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | { error: ApiError } | null>(null);
  const changed = () => void queryClient.invalidateQueries({ queryKey: queryKeys.user(openid) });
  const ask = async () => {
    if (reason.trim() === '') return setOutcome({ ok: false, text: t('admin.mass.reason') });
    try {
      await requestKeepOn(buildingId, new Date(Date.now() + days * 86_400_000).toISOString(), reason.trim());
      setOutcome({ ok: true, text: t('admin.mass.asked') });
      setReason('');
      changed();
    } catch (caught) {
      setOutcome({ error: asApiError(caught) });
    }
  };
  const error = firstError(session) ?? (actions.status === 'error' ? actions.error : null);
  return (
    <View id='mass' className='page page--admin-mass'>
      <View className='page__content'>
        <Text className='page-title'>{t('admin.mass.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => { void ensureSession(); actions.reload(); }} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <View id='mass-form' className='admin-form'>
          <Text className='subscribe-hint'>{t('admin.mass.hint')}</Text>
          <View className='filter-chips' role='radiogroup'>
            {SPANS_DAYS.map((span) => (
              <Button key={span} id={`mass-days-${span}`} className={`filter-chip${days === span ? ' is-active' : ''}`} onClick={() => setDays(span)}>
                {t('admin.mass.days', { count: span })}
              </Button>
            ))}
          </View>
          <Input id='mass-reason' className='form-input' value={reason} maxlength={200} placeholder={t('admin.mass.reason')} aria-label={t('admin.mass.reason')} onInput={(event) => setReason(event.detail.value)} />
          <Button id='mass-ask' className='primary-button' onClick={() => void ask()}>
            {t('admin.mass.ask')}
          </Button>
          {outcome && 'error' in outcome ? <ApiErrorView error={outcome.error} /> : null}
          {outcome && !('error' in outcome) ? <Text id='mass-outcome' className={outcome.ok ? 'form-ok' : 'form-error'} aria-live='polite'>{outcome.text}</Text> : null}
        </View>
        <Text className='admin-section'>{t('admin.mass.list')}</Text>
        <PagedList id='mass-list' pages={actions} empty={t('admin.mass.empty')}>
          {(action) => <MassItem key={action.id} action={action} mine={action.requestedBy === `user:${openid}`} onChange={changed} />}
        </PagedList>
      </View>
    </View>
  );
}

function MassItem({ action, mine, onChange }: { action: MassAction; mine: boolean; onChange: () => void }) {
  const { t } = useT();
  const nameOf = useStaffNames();
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<ApiError | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      onChange();
    } catch (caught) {
      setFailure(asApiError(caught));
    }
  };
  return (
    <View id={`mass-${action.id}`} className='admin-item' data-status={action.status}>
      <View className='admin-item__main'>
        <Text className='admin-item__title'>{`${t('admin.mass.title')} · ${t('admin.mass.until', { at: formatShanghaiTime(action.until) })}`}</Text>
        <Text className={`command-status is-${action.status === 'active' ? 'succeeded' : action.status === 'rejected' ? 'failed' : 'queued'}`}>{t(`admin.mass.statuses.${action.status}`)}</Text>
      </View>
      <Text className='admin-item__sub'>{`${action.reason} · ${t('admin.mass.by', { by: nameOf(action.requestedBy) })}${action.decidedBy ? ` · ${t('admin.mass.decidedBy', { by: nameOf(action.decidedBy) })}` : ''}`}</Text>
      {action.status === 'active' || action.status === 'ended' ? <Text className='admin-item__sub'>{t('admin.mass.applied', { count: action.applied.length })}</Text> : null}
      {action.status === 'awaiting_approval' && mine ? <Text className='admin-item__sub'>{t('admin.mass.waitingOther')}</Text> : null}
      {action.status === 'awaiting_approval' && !mine ? (
        <>
          <View className='admin-row'>
            <Button id={`mass-${action.id}-approve`} className='primary-button' onClick={() => void act(async () => (await confirmAction(t('admin.mass.approve'))) && approveMass(action.id))}>
              {t('admin.mass.approve')}
            </Button>
          </View>
          <View className='admin-row'>
            <Input id={`mass-${action.id}-note`} className='form-input' value={note} maxlength={200} placeholder={t('admin.mass.rejectNote')} aria-label={t('admin.mass.rejectNote')} onInput={(event) => setNote(event.detail.value)} />
            <Button id={`mass-${action.id}-reject`} className='secondary-action danger-button' disabled={note.trim() === ''} onClick={() => void act(() => rejectMass(action.id, note.trim()))}>
              {t('admin.mass.reject')}
            </Button>
          </View>
        </>
      ) : null}
      {action.status === 'active' ? (
        <Button id={`mass-${action.id}-end`} className='secondary-action' onClick={() => void act(async () => (await confirmAction(t('admin.mass.end'))) && endMass(action.id))}>
          {t('admin.mass.end')}
        </Button>
      ) : null}
      {failure ? <ApiErrorView error={failure} /> : null}
    </View>
  );
}
