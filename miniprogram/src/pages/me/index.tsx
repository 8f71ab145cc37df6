import { Button, Text, View } from '@tarojs/components';
import { ApiErrorView, PageShell, SessionNotice, firstError } from '../../components';
import { queryKeys } from '../../data';
import { getHealth } from '../../api';
import { useRemote, useSession } from '../../hooks';
import { HealthLine } from './health-line';
import { canManage, ensureSession, rolesOf, signOut } from '../../session';
import { DemoUserSwitch } from './demo-user-switch';
import Taro from '@tarojs/taro';
import { LANGUAGES, setLanguage, useT } from '../../i18n';
import { pageUrl } from '../../routes';

/** Me: who is logged in (`#me-openid`, `#me-roles`), logout, on H5 a demo user switch, and the service's health and version. */
export default function MePage() {
  const { t, language } = useT();
  const session = useSession();
  const health = useRemote(queryKeys.health(), getHealth);
  const error = firstError(session);
  return (
    <PageShell tab='me' roles={rolesOf(session)}>
      <Text className='page-title'>{t('me.title')}</Text>
      <View id='language-switch' className='language-switch' role='radiogroup' aria-label={t('language.title')}>
        {LANGUAGES.map((lng) => (
          <Button key={lng} id={`language-${lng}`} className={lng === language ? 'secondary-action is-active' : 'secondary-action'} ariaLabel={t(`language.${lng}`)} onClick={() => setLanguage(lng)}>
            {t(`language.${lng}`)}
          </Button>
        ))}
      </View>
      <Button id='me-messages' className='card-link' onClick={() => void Taro.navigateTo({ url: pageUrl('messages') })}>
        {t('me.messages')}
      </Button>
      {session.status === 'ready' && !canManage(session.me.roles) ? (
        <Button id='me-invite' className='card-link' onClick={() => void Taro.navigateTo({ url: pageUrl('invite') })}>
          {t('admin.inviteLink')}
        </Button>
      ) : null}
      {error === null ? null : <ApiErrorView error={error} onRetry={() => void ensureSession()} />}
      {session.status === 'ready' ? (
        <View className='profile'>
          <Text className='profile__label'>{t('me.account')}</Text>
          <Text id='me-openid' className='profile__value'>
            {session.me.openid}
          </Text>
          <Text className='profile__label'>{t('me.name')}</Text>
          <Text id='me-name' className='profile__value'>
            {session.me.name ?? t('me.unnamed')}
          </Text>
          <Text className='profile__label'>{t('me.roles')}</Text>
          <Text id='me-roles' className='profile__value' data-roles={session.me.roles.join(',')}>
            {session.me.roles.map((role) => t(`me.roleNames.${role}`)).join('、')}
          </Text>
          <Button id='logout-button' className='secondary-button' onClick={signOut}>
            {t('me.logout')}
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
