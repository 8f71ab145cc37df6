import { Button, Text, View } from '@tarojs/components';
import { ApiErrorView, PageShell, SessionNotice, firstError } from '../../components';
import { queryKeys } from '../../data';
import { getHealth } from '../../api';
import { useRemote, useSession } from '../../hooks';
import { HealthLine } from './health-line';
import { ensureSession, rolesOf, signOut } from '../../session';
import { DemoUserSwitch } from './demo-user-switch';

/** Me: who is logged in (`#me-openid`, `#me-roles`), logout, on H5 a demo user switch, and the service's health and version. */
export default function MePage() {
  const session = useSession();
  const health = useRemote(queryKeys.health(), getHealth);
  const error = firstError(session);
  return (
    <PageShell tab='me' roles={rolesOf(session)}>
      <Text className='page-title'>我的</Text>
      {error === null ? null : <ApiErrorView error={error} onRetry={() => void ensureSession()} />}
      {session.status === 'ready' ? (
        <View className='profile'>
          <Text className='profile__label'>openid</Text>
          <Text id='me-openid' className='profile__value'>
            {session.me.openid}
          </Text>
          <Text className='profile__label'>姓名</Text>
          <Text id='me-name' className='profile__value'>
            {session.me.name ?? '未填写'}
          </Text>
          <Text className='profile__label'>角色</Text>
          <Text id='me-roles' className='profile__value'>
            {session.me.roles.join(', ')}
          </Text>
          <Button id='logout-button' className='secondary-button' onClick={signOut}>
            退出登录
          </Button>
        </View>
      ) : (
        <SessionNotice session={session} />
      )}
      {process.env.TARO_ENV === 'h5' ? <DemoUserSwitch /> : null}
      <HealthLine health={health} />
    </PageShell>
  );
}
