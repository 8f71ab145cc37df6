import { Text, View } from '@tarojs/components';
import { ApiErrorView, LoadingView, PageShell, SessionNotice, firstError } from '../../components';
import { useMyMeters, useSession } from '../../hooks';
import { ensureSession, rolesOf } from '../../session';
import { UsageRow } from './usage-row';

/** Usage: each meter's last reading (`#usage-list`). Charts arrive in a later release. */
export default function UsagePage() {
  const session = useSession();
  const meters = useMyMeters(session);
  const error = firstError(session, meters);
  const retry = (): void => {
    void ensureSession();
    meters.reload();
  };
  let body = <SessionNotice session={session} />;
  if (session.status === 'ready' && meters.status === 'ready') {
    body =
      meters.data.items.length === 0 ? (
        <View id='no-meters' className='empty-state'>
          <Text className='empty-state__title'>还没有绑定表计，暂无用量</Text>
        </View>
      ) : (
        <View id='usage-list' className='usage-list'>
          {meters.data.items.map((meter) => (
            <UsageRow key={meter.id} meter={meter} />
          ))}
        </View>
      );
  } else if (session.status === 'ready' && meters.status !== 'error') {
    body = <LoadingView id='meters-loading' />;
  }
  return (
    <PageShell tab='usage' roles={rolesOf(session)}>
      <Text className='page-title'>最新读数</Text>
      {error === null ? null : <ApiErrorView error={error} onRetry={retry} />}
      {body}
    </PageShell>
  );
}
