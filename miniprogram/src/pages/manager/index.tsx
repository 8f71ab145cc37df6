import { Text, View } from '@tarojs/components';
import { ApiErrorView, PageShell, SessionNotice, firstError } from '../../components';
import { useSession } from '../../hooks';
import { canManage, ensureSession, rolesOf } from '../../session';

/**
 * Manager tab: visible to 'manager' and 'admin' only (the API enforces the same).
 * Real features (meters by building, alarms, payments, refunds) come in later releases.
 */
export default function ManagerPage() {
  const session = useSession();
  const roles = rolesOf(session);
  const error = firstError(session);
  let body = <SessionNotice session={session} />;
  if (session.status === 'ready') {
    body = canManage(roles) ? (
      <View id='manager-summary' className='manager-summary'>
        <Text className='manager-summary__text'>
          管理功能（楼栋表计总览、告警、线下缴费、退款审核）将在后续版本提供。Coming in a later release.
        </Text>
        <Text className='profile__label'>当前角色</Text>
        <Text id='manager-roles' className='profile__value'>
          {roles.join(', ')}
        </Text>
      </View>
    ) : (
      <View id='manager-forbidden' className='empty-state'>
        <Text className='empty-state__title'>仅管理员可以查看此页面。</Text>
      </View>
    );
  }
  return (
    <PageShell tab='manager' roles={roles}>
      <Text className='page-title'>管理</Text>
      {error === null ? null : <ApiErrorView error={error} onRetry={() => void ensureSession()} />}
      {body}
    </PageShell>
  );
}
