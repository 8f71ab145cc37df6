import { Text, View } from '@tarojs/components';
import { getHealth } from '../../api';
import { ApiErrorView, PageShell, SessionNotice, firstError } from '../../components';
import { queryKeys } from '../../data';
import { useMyMeters, useRemote, useSession } from '../../hooks';
import { ensureSession, rolesOf } from '../../session';
import { HealthLine } from './health-line';
import { MeterList } from './meter-list';

/** Tenant home: API health, who is logged in, and a card per bound meter. */
export default function HomePage() {
  const session = useSession();
  const health = useRemote(queryKeys.health(), getHealth);
  const meters = useMyMeters(session);
  const error = firstError(session, meters, health);
  const retry = (): void => {
    void ensureSession();
    health.reload();
    meters.reload();
  };
  return (
    <PageShell tab='home' roles={rolesOf(session)}>
      <HealthLine health={health} />
      <View className='identity'>
        <Text className='identity__label'>当前用户</Text>
        <Text id='openid' className='identity__openid'>
          {session.status === 'ready' ? session.me.openid : '—'}
        </Text>
      </View>
      {error === null ? null : <ApiErrorView error={error} onRetry={retry} />}
      {session.status === 'ready' ? <MeterList meters={meters} /> : <SessionNotice session={session} />}
    </PageShell>
  );
}
