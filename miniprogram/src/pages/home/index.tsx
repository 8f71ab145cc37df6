import { Text } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { ApiErrorView, PageShell, SessionNotice, firstError } from '../../components';
import { queryClient } from '../../data';
import { useMyMeters, useSession } from '../../hooks';
import { ensureSession, rolesOf } from '../../session';
import { MeterList } from './meter-list';

/**
 * Tenant home: a card per bound meter (balance, days left, what to know now,
 * supply, last reading, recharge). Pull down to refresh. Who is logged in and
 * the service's health are on the Me page, not here.
 */
export default function HomePage() {
  const session = useSession();
  const meters = useMyMeters(session);
  const error = firstError(session, meters);
  const retry = (): void => {
    void ensureSession();
    meters.reload();
  };
  usePullDownRefresh(() => {
    void ensureSession()
      .then(() => queryClient.refetchQueries({ queryKey: ['user'] }))
      .finally(() => void Taro.stopPullDownRefresh());
  });
  return (
    <PageShell tab='home' roles={rolesOf(session)}>
      <Text className='page-title'>我的水电</Text>
      {error === null ? null : <ApiErrorView error={error} onRetry={retry} />}
      {session.status === 'ready' ? <MeterList meters={meters} /> : <SessionNotice session={session} />}
    </PageShell>
  );
}
