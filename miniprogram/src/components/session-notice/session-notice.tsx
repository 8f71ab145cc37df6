import { Button, Text, View } from '@tarojs/components';
import { useT } from '../../i18n';
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
  const { t } = useT();
  if (session.status === 'idle' || session.status === 'loading') {
    return <LoadingView id='session-loading' text={t('common.signingIn')} />;
  }
  if (session.status !== 'signed-out') return null;
  return (
    <View id='signed-out' className='empty-state'>
      <Text className='empty-state__title'>{t('common.signedOut')}</Text>
      <Button id='login-button' className='primary-button' onClick={() => void signIn()}>
        {t('common.signIn')}
      </Button>
    </View>
  );
}
