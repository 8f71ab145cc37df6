import { Text, View } from '@tarojs/components';
import { ApiErrorView, PageShell, RemoteView, SessionNotice, firstError } from '../../components';
import { useMyMeters, useSession } from '../../hooks';
import { ensureSession, rolesOf } from '../../session';
import { useT } from '../../i18n';
import { UsageRow } from './usage-row';

/** Usage: each meter's last reading and its latest readings, taken and arrived (`#usage-list`). Charts arrive in a later release. */
export default function UsagePage() {
  const { t } = useT();
  const session = useSession();
  const meters = useMyMeters(session);
  const error = firstError(session, meters);
  const retry = (): void => {
    void ensureSession();
    meters.reload();
  };
  const empty = (
    <View id='no-meters' className='empty-state'>
      <Text className='empty-state__title'>{t('usage.noMeters')}</Text>
    </View>
  );
  const body =
    session.status !== 'ready' ? (
      <SessionNotice session={session} />
    ) : (
      <RemoteView id='meters' state={meters} showError={false} isEmpty={(list) => list.items.length === 0} empty={empty}>
        {(list) => (
          <View id='usage-list' className='usage-list'>
            {list.items.map((meter) => (
              <UsageRow key={meter.id} meter={meter} openid={session.me.openid} />
            ))}
          </View>
        )}
      </RemoteView>
    );
  return (
    <PageShell tab='usage' roles={rolesOf(session)}>
      <Text className='page-title'>{t('usage.title')}</Text>
      {error === null ? null : <ApiErrorView error={error} onRetry={retry} />}
      {body}
    </PageShell>
  );
}
