import { Button, Input, Text, View } from '@tarojs/components';
import type { MeterView } from '@prepaid/shared';
import { useState } from 'react';
import { asApiError, getSubscriptions, listMeterAlarms, listNotifications, recordSubscriptions, setPhone, type ApiError } from '../../api';
import { ApiErrorView, LoadingView, RemoteView, SessionNotice, firstError } from '../../components';
import { queryClient, queryKeys } from '../../data';
import { describeLocation, formatShanghaiTime } from '../../format';
import { useMyMeters, useRemote, useRemotePages, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { ensureSession } from '../../session';
import { askToSubscribe } from './subscribe';
import '../tenant.css';

/** The two taps that subscribe (WeChat asks about at most 3 templates at a time). */
const GROUPS = [
  { id: 'balance', kinds: ['low_balance', 'supply_cut', 'supply_restored'], label: 'messages.subscribeBalance' },
  { id: 'money', kinds: ['recharge_credited', 'refund_decided'], label: 'messages.subscribeMoney' },
  /** Offered to staff only (the API lists the kind for them): new alarms in their buildings. */
  { id: 'alarm', kinds: ['alarm'], label: 'messages.subscribeAlarm' },
] as const;

/**
 * Messages and alerts (`#messages`): what is wrong with each meter now
 * (`#alarms-<meterId>`), which alerts the tenant will still be
 * sent (one per accept) with the taps that ask WeChat for more
 * (`#subscribe-balance`, `#subscribe-money`), the SMS fallback number
 * (`#phone-form`), and the messages sent about each meter (`#messages-<meterId>`).
 */
export function MessagesScreen() {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  // Each message sent uses a grant elsewhere: the counts are read afresh whenever the page opens.
  const subscriptions = useRemote(queryKeys.subscriptions(openid), getSubscriptions, openid !== '', { staleTimeMs: 0 });
  const meters = useMyMeters(session);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const error = firstError(session, subscriptions, meters);

  const subscribe = async (group: (typeof GROUPS)[number]): Promise<void> => {
    if (subscriptions.status !== 'ready') return;
    const ids = group.kinds.map((kind) => subscriptions.data.items.find((item) => item.kind === kind)?.templateId).filter((id): id is string => typeof id === 'string');
    if (ids.length === 0) return;
    try {
      const answers = await askToSubscribe(ids, t(group.label));
      queryClient.setQueryData(queryKeys.subscriptions(openid), await recordSubscriptions(answers));
    } catch (caught) {
      setFailure(asApiError(caught));
    }
  };

  return (
    <View className='page page--messages'>
      <View id='messages' className='page__content'>
        <Text className='page-title'>{t('messages.title')}</Text>
        {error === null ? null : <ApiErrorView error={error} onRetry={() => { void ensureSession(); subscriptions.reload(); meters.reload(); }} />}
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <Text className='recharge-section-title'>{t('alarms.title')}</Text>
        <RemoteView id='alarm-meters' state={meters} showError={false}>
          {(list) => (
            <View className='message-list'>
              {list.items.map((meter) => (
                <MeterAlarms key={meter.id} meter={meter} openid={openid} />
              ))}
            </View>
          )}
        </RemoteView>
        <RemoteView id='subscriptions' state={subscriptions} showError={false}>
          {(data) => (
            <View id='subscriptions' className='subscribe-card'>
              <Text className='recharge-section-title'>{t('messages.subscribe')}</Text>
              {data.items.map((item) => (
                <View key={item.kind} id={`subscription-${item.kind}`} className='subscribe-row'>
                  <Text>{t(`messages.kinds.${item.kind}`)}</Text>
                  <Text className='subscribe-remaining'>{item.remaining > 0 ? t('messages.remaining', { count: item.remaining }) : t('messages.none')}</Text>
                </View>
              ))}
              <Text className='subscribe-hint'>{t('messages.subscribeHint')}</Text>
              {GROUPS.filter((group) => group.kinds.some((kind) => data.items.some((item) => item.kind === kind))).map((group) => (
                <Button key={group.id} id={`subscribe-${group.id}`} className='primary-button' onClick={() => void subscribe(group)}>
                  {t(group.label)}
                </Button>
              ))}
              <PhoneForm current={data.phone} openid={openid} />
            </View>
          )}
        </RemoteView>
        {failure ? <ApiErrorView error={failure} /> : null}
        <Text className='recharge-section-title'>{t('messages.list')}</Text>
        <RemoteView id='message-meters' state={meters} showError={false}>
          {(list) => (
            <View className='message-list'>
              {list.items.map((meter) => (
                <MeterMessages key={meter.id} meter={meter} openid={openid} />
              ))}
            </View>
          )}
        </RemoteView>
      </View>
    </View>
  );
}

/** The meter's open alarms, each with what it means for the tenant and what to do. */
function MeterAlarms({ meter, openid }: { meter: MeterView; openid: string }) {
  const { t } = useT();
  // An alarm opens and clears with each reading: read afresh whenever the page opens.
  const alarms = useRemote(queryKeys.alarms(openid, meter.id), () => listMeterAlarms(meter.id), openid !== '', { staleTimeMs: 0 });
  const name = `${describeLocation(meter) ?? meter.id} ${t(meter.utility === 'water' ? 'common.water' : 'common.electricity')}`;
  if (alarms.status === 'error') return <ApiErrorView error={alarms.error} onRetry={alarms.reload} />;
  if (alarms.status !== 'ready') return <LoadingView id={`alarms-${meter.id}-loading`} />;
  if (alarms.data.items.length === 0) return <Text id={`alarms-${meter.id}`} className='list-end'>{t('alarms.none', { meter: name })}</Text>;
  return (
    <View id={`alarms-${meter.id}`} className='message-list'>
      {alarms.data.items.map((alarm) => (
        <View key={alarm.kind} className={`alarm-item is-${alarm.severity}`} data-kind={alarm.kind} role='alert'>
          <Text className='message-item__kind'>{`${t(`alarms.kinds.${alarm.kind}`)} · ${name}`}</Text>
          <Text className='message-item__text'>{t(`alarms.hints.${alarm.kind}`)}</Text>
          <Text className='message-item__sub'>
            {alarm.count > 1 ? t('alarms.repeated', { count: alarm.count, at: formatShanghaiTime(alarm.lastSeenAt) }) : t('alarms.since', { at: formatShanghaiTime(alarm.since) })}
          </Text>
        </View>
      ))}
    </View>
  );
}

function MeterMessages({ meter, openid }: { meter: MeterView; openid: string }) {
  const { t } = useT();
  const messages = useRemotePages(queryKeys.notifications(openid, meter.id), (cursor) => listNotifications(meter.id, cursor), openid !== '');
  if (messages.status === 'error') return <ApiErrorView error={messages.error} onRetry={messages.reload} />;
  if (messages.status !== 'ready') return <LoadingView id={`messages-${meter.id}-loading`} />;
  if (messages.items.length === 0) return <Text id={`messages-${meter.id}`} className='list-end'>{`${meter.id}: ${t('messages.empty')}`}</Text>;
  return (
    <View id={`messages-${meter.id}`} className='message-list'>
      {messages.items.map((message) => (
        <View key={message.id} className='message-item' data-kind={message.kind}>
          <View className='message-item__main'>
            <Text className='message-item__kind'>{t(`messages.kinds.${message.kind}`)}</Text>
            <Text className={`status-chip is-${message.status}`}>{message.channel === 'none' ? t(`messages.statuses.${message.status}`) : `${t(`messages.channels.${message.channel}`)} · ${t(`messages.statuses.${message.status}`)}`}</Text>
          </View>
          <Text className='message-item__text'>{message.text}</Text>
          <Text className='message-item__sub'>{formatShanghaiTime(message.at)}</Text>
        </View>
      ))}
      {messages.hasMore ? (
        <Button className='secondary-action' onClick={messages.more}>
          {t('records.more')}
        </Button>
      ) : null}
    </View>
  );
}

/** The SMS fallback number (`#phone-form`), checked before it is sent. */
function PhoneForm({ current, openid }: { current: string | null; openid: string }) {
  const { t } = useT();
  const [phone, setPhoneText] = useState('');
  const [outcome, setOutcome] = useState<{ kind: 'ok' | 'invalid'; text: string } | { kind: 'failed'; error: ApiError } | null>(null);
  const save = async (): Promise<void> => {
    if (!/^1[3-9]\d{9}$/.test(phone.trim())) return setOutcome({ kind: 'invalid', text: t('messages.phoneBad') });
    try {
      const saved = await setPhone(phone.trim());
      queryClient.setQueryData(queryKeys.subscriptions(openid), saved);
      setOutcome({ kind: 'ok', text: t('messages.phoneSaved', { phone: saved.phone ?? '' }) });
      setPhoneText('');
    } catch (caught) {
      setOutcome({ kind: 'failed', error: asApiError(caught) });
    }
  };
  return (
    <>
      <Text className='form-label'>{t('messages.phone')}</Text>
      {current ? <Text id='phone-current' className='subscribe-hint'>{current}</Text> : null}
      <View id='phone-form' className='refund-form'>
        <Input id='phone-input' className='form-input' type='number' maxlength={11} value={phone} placeholder={t('messages.phoneHint')} onInput={(event) => setPhoneText(event.detail.value)} aria-label={t('messages.phone')} />
        <Button id='phone-save' className='secondary-action' onClick={() => void save()}>
          {t('messages.phoneSave')}
        </Button>
      </View>
      {outcome?.kind === 'failed' ? <ApiErrorView error={outcome.error} /> : null}
      {outcome && outcome.kind !== 'failed' ? <Text id='messages-outcome' className={outcome.kind === 'ok' ? 'form-ok' : 'form-error'} aria-live='polite'>{outcome.text}</Text> : null}
    </>
  );
}
