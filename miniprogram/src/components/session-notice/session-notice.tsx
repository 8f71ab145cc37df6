import { Button, Text, View } from '@tarojs/components';
import { signIn, type SessionState } from '../../session';
import { LoadingView } from '../loading-view';

export interface SessionNoticeProps {
  session: SessionState;
}

/**
 * What a page shows instead of its data while not logged in: `#session-loading`,
 * or `#signed-out` with a login button (`#login-button`). Nothing when ready or
 * failed (the page shows the error with its other errors).
 */
export function SessionNotice({ session }: SessionNoticeProps) {
  if (session.status === 'idle' || session.status === 'loading') {
    return <LoadingView id='session-loading' text='正在登录…' />;
  }
  if (session.status !== 'signed-out') return null;
  return (
    <View id='signed-out' className='empty-state'>
      <Text className='empty-state__title'>已退出登录</Text>
      <Button id='login-button' className='primary-button' onClick={() => void signIn()}>
        登录
      </Button>
    </View>
  );
}
