import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CommandView, MeterView } from '@prepaid/shared';
import { formatFenAsYuan } from '@prepaid/shared';
import { useState } from 'react';
import { asApiError, type ApiError } from '../../api';
import { ApiErrorView, LoadingView, RemoteView, SessionNotice, firstError } from '../../components';
import { queryClient, queryKeys } from '../../data';
import { describeLocation, describeSupply, formatBalance, formatShanghaiTime, parseYuanToFen } from '../../format';
import { useRemote, useRemotePages, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { pageUrl } from '../../routes';
import { ensureSession } from '../../session';
import { acknowledgeAlarm, getMeterForStaff, listMeterAlarms, listMeterCommands, listTenants, recordPayment, sendCommand } from '../api';
import { confirmAction, newIdempotencyKey } from '../confirm';
import { CodeSection } from './code-section';
import { DeviceSection } from './device-section';
import { Ledger } from './ledger-section';
import { Readings } from './readings-section';
import { TenancyForm } from './tenancy-form';
import { useStaffNames } from '../staff-names';
import '../admin.css';

/** What a manager sends from this form (a purchase is the platform's own, sent for each credit; parameters have their own request). */
type Action = Exclude<CommandView['action'], 'purchase' | 'set_params'>;

/**
 * One meter for its manager (`#admin-meter`): balance and supply, the
 * circuits on the same device (`#admin-device`, for a terminal's circuit), tenants,
 * open alarms with acknowledgement, remote control with a reason and a
 * confirmation (`#command-form`), the commands with their lifecycle
 * (`#commands`), its readings (`#admin-readings`), a cash or bank payment
 * with its receipt (`#payment-form`), move-out and move-in, the latest
 * ledger entries, and its QR code with rotation (`#admin-code`).
 */
export function MeterScreen({ meterId }: { meterId: string }) {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  const ready = openid !== '' && meterId !== '';
  const key = queryKeys.adminMeter(openid, meterId);
  const meter = useRemote([...key, 'view'], () => getMeterForStaff(meterId), ready, { staleTimeMs: 0, refetchEveryMs: (view) => (view?.pendingSupply ? 5_000 : false) });
  const error = firstError(session, meter);
  // After an action, everything about the meter (and the lists and counts it is in) is read again.
  const changed = () => void queryClient.invalidateQueries({ queryKey: queryKeys.user(openid) });
  return (
    <View className='page page--admin-meter'>
      <View className='page__content'>
        <Text className='page-title'>{t('admin.meter.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => { void ensureSession(); meter.reload(); }} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <RemoteView id='admin-meter' state={meter} showError={false}>
          {(view) => (
            <>
              <MeterHead meter={view} />
              <DeviceSection meterId={meterId} ready={ready} queryKey={[...key, 'device']} />
              <Tenants meterId={meterId} ready={ready} queryKey={[...key, 'tenants']} />
              <Alarms meterId={meterId} ready={ready} queryKey={[...key, 'alarms']} onChange={changed} />
              <CommandForm meter={view} onChange={changed} />
              <Commands meterId={meterId} ready={ready} queryKey={[...key, 'commands']} />
              <Readings meterId={meterId} ready={ready} queryKey={[...key, 'readings']} />
              <PaymentForm meterId={meterId} onChange={changed} />
              <TenancyForm meter={view} onChange={changed} />
              <Ledger meterId={meterId} ready={ready} queryKey={[...key, 'ledger']} onChange={changed} />
              <CodeSection meter={view} ready={ready} queryKey={[...key, 'code']} />
            </>
          )}
        </RemoteView>
      </View>
    </View>
  );
}

function MeterHead({ meter }: { meter: MeterView }) {
  const { t, language } = useT();
  return (
    <View id='admin-meter' className='admin-item'>
      <View className='admin-item__main'>
        <Text className='admin-item__title'>{`${describeLocation(meter) ?? '—'} · ${t(meter.utility === 'water' ? 'common.water' : 'common.electricity')}`}</Text>
        <Text id='admin-meter-balance' className={`admin-item__value${meter.balanceFen <= 0 ? ' is-negative' : ''}`}>{formatBalance(meter.balanceFen)}</Text>
      </View>
      <Text id='admin-meter-supply' className='admin-item__sub'>
        {[
          meter.id,
          describeSupply(meter.utility, meter.supply, language),
          meter.keepOn ? t('admin.states.keep_on') : null,
          meter.hold ? t('admin.meter.hold').replace(/^[，,]\s*/, '') : null,
          meter.online ? t('card.online') : t('card.offline'),
          meter.tariffName,
        ].filter(Boolean).join(' · ')}
      </Text>
      {meter.pendingSupply ? (
        <Text id='admin-meter-pending' className='admin-item__sub'>{`${t(`admin.meter.actions.${meter.pendingSupply.action}`)} · ${t('admin.meter.statuses.queued')} · ${formatShanghaiTime(meter.pendingSupply.expectedBy)}`}</Text>
      ) : null}
    </View>
  );
}

function Tenants({ meterId, ready, queryKey }: { meterId: string; ready: boolean; queryKey: readonly unknown[] }) {
  const { t } = useT();
  const tenants = useRemote(queryKey, () => listTenants(meterId), ready);
  return (
    <>
      <Text className='admin-section'>{t('admin.meter.tenants')}</Text>
      <RemoteView id='admin-tenants' state={tenants} isEmpty={(data) => data.items.length === 0} empty={<Text className='list-end'>{t('admin.meter.noTenants')}</Text>}>
        {(data) => (
          <View id='admin-tenants' className='admin-list'>
            {data.items.map((tenant) => (
              <Text key={tenant.openid} className='admin-item__sub'>{`${tenant.openid}${tenant.boundAt ? ` · ${formatShanghaiTime(tenant.boundAt)}` : ''}`}</Text>
            ))}
          </View>
        )}
      </RemoteView>
    </>
  );
}

function Alarms({ meterId, ready, queryKey, onChange }: { meterId: string; ready: boolean; queryKey: readonly unknown[]; onChange: () => void }) {
  const { t } = useT();
  const alarms = useRemote(queryKey, () => listMeterAlarms(meterId), ready, { staleTimeMs: 0 });
  const [failure, setFailure] = useState<ApiError | null>(null);
  const ack = async (kind: string) => {
    try {
      await acknowledgeAlarm(meterId, kind);
      alarms.reload();
      onChange();
    } catch (caught) {
      setFailure(asApiError(caught));
    }
  };
  return (
    <>
      <Text className='admin-section'>{t('admin.meter.alarms')}</Text>
      {failure ? <ApiErrorView error={failure} /> : null}
      <RemoteView id='admin-meter-alarms' state={alarms} isEmpty={(data) => data.items.length === 0} empty={<Text id='admin-meter-alarms' className='list-end'>{t('admin.meter.noAlarms')}</Text>}>
        {(data) => (
          <View id='admin-meter-alarms' className='admin-list'>
            {data.items.map((alarm) => (
              <View key={alarm.kind} className={`alarm-item is-${alarm.severity}`} data-kind={alarm.kind}>
                <Text className='admin-item__title'>{t(`alarms.kinds.${alarm.kind}` as 'alarms.kinds.meter_fault', { defaultValue: alarm.kind })}</Text>
                <Text className='admin-item__sub'>{alarm.message}</Text>
                <Text className='admin-item__sub'>{t('admin.alarms.seen', { count: alarm.count, first: formatShanghaiTime(alarm.raisedAt), last: formatShanghaiTime(alarm.lastSeenAt ?? alarm.raisedAt) })}</Text>
                <Button id={`ack-${alarm.kind}`} className='secondary-action' onClick={() => void ack(alarm.kind)}>
                  {t('admin.meter.ack')}
                </Button>
              </View>
            ))}
          </View>
        )}
      </RemoteView>
    </>
  );
}

function CommandForm({ meter, onChange }: { meter: MeterView; onChange: () => void }) {
  const { t } = useT();
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | { error: ApiError } | null>(null);
  const actions: Action[] = meter.utility === 'electricity' ? ['cut', 'restore', 'keep_on', 'keep_off'] : ['cut', 'restore'];
  const send = async (action: Action) => {
    if (reason.trim() === '') return setOutcome({ ok: false, text: t('admin.meter.needReason') });
    const label = t(`admin.meter.actions.${action}`);
    if (!(await confirmAction(t('admin.meter.confirm', { meter: `${describeLocation(meter) ?? meter.id} (${meter.id})`, action: label })))) return;
    try {
      const answer = await sendCommand(meter.id, action, reason.trim());
      setOutcome(
        answer.queued
          ? { ok: true, text: t('admin.meter.queued', { action: label }) }
          : { ok: true, text: t('admin.meter.notQueued', { desired: t(`admin.meter.desired.${answer.desired}`), hold: answer.hold ? t('admin.meter.hold') : '' }) },
      );
      setReason('');
      onChange();
    } catch (caught) {
      setOutcome({ error: asApiError(caught) });
    }
  };
  return (
    <>
      <Text className='admin-section'>{t('admin.meter.commands')}</Text>
      <View id='command-form' className='admin-form'>
        <Input id='command-reason' className='form-input' value={reason} maxlength={200} placeholder={t('admin.meter.reason')} aria-label={t('admin.meter.reason')} onInput={(event) => setReason(event.detail.value)} />
        <View className='admin-row'>
          {actions.map((action) => (
            <Button key={action} id={`command-${action}`} className={action === 'cut' ? 'secondary-action danger-button' : 'secondary-action'} onClick={() => void send(action)}>
              {t(`admin.meter.actions.${action}`)}
            </Button>
          ))}
        </View>
        {outcome && 'error' in outcome ? <ApiErrorView error={outcome.error} /> : null}
        {outcome && !('error' in outcome) ? <Text id='command-outcome' className={outcome.ok ? 'form-ok' : 'form-error'} aria-live='polite'>{outcome.text}</Text> : null}
      </View>
    </>
  );
}

function Commands({ meterId, ready, queryKey }: { meterId: string; ready: boolean; queryKey: readonly unknown[] }) {
  const { t } = useT();
  const nameOf = useStaffNames();
  // A command moves on by itself (sent, delivered, done): the list is read again every few seconds while one is on its way.
  const commands = useRemotePages(queryKey, (cursor) => listMeterCommands(meterId, cursor), ready, {
    refetchEveryMs: (items) => (items.some((command) => command.status === 'queued' || command.status === 'sent' || command.status === 'delivered') ? 4_000 : false),
  });
  if (commands.status === 'error') return <ApiErrorView error={commands.error} onRetry={commands.reload} />;
  if (commands.status !== 'ready') return <LoadingView id='commands-loading' />;
  return (
    <>
      <Text className='admin-section'>{t('admin.meter.history')}</Text>
      {commands.items.length === 0 ? <Text id='commands' className='list-end'>{t('admin.meter.noCommands')}</Text> : null}
      <View id='commands' className='admin-list'>
        {commands.items.map((command) => (
          <View key={command.id} id={`command-${command.id}`} className='admin-item' data-status={command.status}>
            <View className='admin-item__main'>
              <Text className='admin-item__title'>{command.purchase ? t('admin.meter.purchase', { count: command.purchase.count, amount: formatFenAsYuan(command.purchase.amountFen) }) : t(`admin.meter.actions.${command.action}`)}</Text>
              <Text className={`command-status is-${command.status}`}>{t(`admin.meter.statuses.${command.status}`)}</Text>
            </View>
            <Text className='admin-item__sub'>{`${command.reason} · ${t('admin.meter.by', { by: nameOf(command.requestedBy), at: formatShanghaiTime(command.createdAt) })}`}</Text>
            <Text className='admin-item__sub command-history'>
              {command.history
                // The first step's detail is the reason, shown above; a later one says what an attempt met (a platform's error, a newer command).
                .map((step, index) => `${t(`admin.meter.statuses.${step.status}` as 'admin.meter.statuses.sent', { defaultValue: step.status })} ${formatShanghaiTime(step.at).slice(-5)}${index > 0 && step.detail ? `（${step.detail}）` : ''}`)
                .join(' → ')}
            </Text>
          </View>
        ))}
        {commands.hasMore ? (
          <Button className='secondary-action' onClick={commands.more}>
            {t('admin.list.more')}
          </Button>
        ) : null}
      </View>
    </>
  );
}

function PaymentForm({ meterId, onChange }: { meterId: string; onChange: () => void }) {
  const { t } = useT();
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<'cash' | 'bank_transfer'>('cash');
  const [reference, setReference] = useState('');
  // One key per payment being entered: a retry of the same submission is the same payment, never a second one.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [outcome, setOutcome] = useState<{ entryId: string; text: string } | { invalid: string } | { error: ApiError } | null>(null);
  const record = async () => {
    const fen = parseYuanToFen(amount);
    if (fen === null || fen <= 0 || fen > 10_000_000) return setOutcome({ invalid: t('admin.meter.badAmount') });
    if (method === 'bank_transfer' && reference.trim() === '') return setOutcome({ invalid: t('admin.meter.reference') });
    try {
      const paid = await recordPayment(meterId, fen, method, reference.trim() || undefined, idempotencyKey);
      setOutcome({ entryId: paid.entryId, text: t('admin.meter.recorded', { amount: formatBalance(fen), balance: formatBalance(paid.balanceFen) }) });
      setAmount('');
      setReference('');
      setIdempotencyKey(newIdempotencyKey());
      onChange();
    } catch (caught) {
      setOutcome({ error: asApiError(caught) });
    }
  };
  return (
    <>
      <Text className='admin-section'>{t('admin.meter.payment')}</Text>
      <View id='payment-form' className='admin-form'>
        <Input id='payment-amount' className='form-input' type='digit' value={amount} maxlength={10} placeholder={t('admin.meter.amount')} aria-label={t('admin.meter.amount')} onInput={(event) => setAmount(event.detail.value)} />
        <View className='filter-chips' role='radiogroup'>
          {(['cash', 'bank_transfer'] as const).map((choice) => (
            <Button key={choice} id={`payment-${choice}`} className={`filter-chip${method === choice ? ' is-active' : ''}`} onClick={() => setMethod(choice)}>
              {t(`admin.meter.methods.${choice}`)}
            </Button>
          ))}
        </View>
        {method === 'bank_transfer' ? (
          <Input id='payment-reference' className='form-input' value={reference} maxlength={64} placeholder={t('admin.meter.reference')} aria-label={t('admin.meter.reference')} onInput={(event) => setReference(event.detail.value)} />
        ) : null}
        <Button id='payment-submit' className='primary-button' onClick={() => void record()}>
          {t('admin.meter.record')}
        </Button>
        {outcome && 'error' in outcome ? <ApiErrorView error={outcome.error} /> : null}
        {outcome && 'invalid' in outcome ? <Text id='payment-outcome' className='form-error'>{outcome.invalid}</Text> : null}
        {outcome && 'entryId' in outcome ? (
          <>
            <Text id='payment-outcome' className='form-ok' aria-live='polite'>{outcome.text}</Text>
            <Button id='payment-receipt' className='link-button' onClick={() => void Taro.navigateTo({ url: pageUrl('receipt', { meterId, entryId: outcome.entryId }) })}>
              {t('admin.meter.receipt')}
            </Button>
          </>
        ) : null}
      </View>
    </>
  );
}
