import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { bindingFailureText, sceneOf, useSceneBinding, type SceneBinding } from '../../binding';
import { ApiErrorView, PageShell, SessionNotice, firstError } from '../../components';
import { queryClient, queryKeys } from '../../data';
import { useMyMeters, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { pageUrl } from '../../routes';
import { ensureSession, rolesOf } from '../../session';
import { MeterList } from './meter-list';

/** The outcome of opening the app from a meter's QR code (`#scene-binding`), or nothing. */
function BindingBanner({ binding }: { binding: SceneBinding }) {
  const { t, language } = useT();
  if (binding.status === 'none') return null;
  const [level, text] =
    binding.status === 'binding'
      ? ['info', t('home.binding')]
      : binding.status === 'bound'
        ? ['info', t('home.bound', { meterId: binding.meterId })]
        : ['danger', bindingFailureText(binding.error, language)];
  return (
    <View id='scene-binding' className={`meter-notice is-${level}`} data-status={binding.status}>
      <Text>{text}</Text>
    </View>
  );
}

/**
 * Tenant home: opened from a meter's QR code (`scene=q=<code>`), it binds the
 * tenant to that meter first. A card per bound meter (balance, days left, what to know now,
 * supply, last reading, recharge). Pull down to refresh. Who is logged in and
 * the service's health are on the Me page, not here.
 */
export default function HomePage() {
  const { t } = useT();
  const session = useSession();
  const binding = useSceneBinding(session, sceneOf(useRouter().params));
  const meters = useMyMeters(session);
  const error = firstError(session, meters);
  const retry = (): void => {
    void ensureSession();
    meters.reload();
  };
  usePullDownRefresh(() => {
    void ensureSession()
      .then(() => queryClient.refetchQueries({ queryKey: queryKeys.everyUser() }))
      .finally(() => void Taro.stopPullDownRefresh());
  });
  return (
    <PageShell tab='home' roles={rolesOf(session)}>
      <View className='page-header'>
        <Text className='page-title'>{t('home.title')}</Text>
        <Text id='open-messages' className='header-link' onClick={() => void Taro.navigateTo({ url: pageUrl('messages') })}>
          {t('home.messages')}
        </Text>
      </View>
      <BindingBanner binding={binding} />
      {error === null ? null : <ApiErrorView error={error} onRetry={retry} />}
      {session.status === 'ready' ? <MeterList meters={meters} /> : <SessionNotice session={session} />}
    </PageShell>
  );
}
