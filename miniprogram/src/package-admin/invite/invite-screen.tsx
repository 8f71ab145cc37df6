import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { asApiError, redeemInvitation, type ApiError } from '../../api';
import { ApiErrorView, SessionNotice } from '../../components';
import { useSession } from '../../hooks';
import { useT } from '../../i18n';
import { pageUrl } from '../../routes';
import { updateMe } from '../../session';
import '../admin.css';

/** Redeeming an invitation (`#invite-form`): the code an admin handed over makes the user staff at once. */
export function InviteScreen({ initialCode = '' }: { initialCode?: string }) {
  const { t } = useT();
  const session = useSession();
  const [code, setCode] = useState(initialCode);
  const [outcome, setOutcome] = useState<{ roles: string } | { error: ApiError } | null>(null);
  const redeem = async () => {
    try {
      const me = await redeemInvitation(code.trim());
      updateMe(me);
      setOutcome({ roles: me.roles.map((role) => t(`me.roleNames.${role}`)).join('、') });
    } catch (caught) {
      setOutcome({ error: asApiError(caught) });
    }
  };
  return (
    <View className='page page--invite'>
      <View className='page__content'>
        <Text className='page-title'>{t('admin.invite.title')}</Text>
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <View id='invite-form' className='admin-form'>
          <Text className='subscribe-hint'>{t('admin.invite.hint')}</Text>
          <Input id='invite-code' className='form-input' value={code} maxlength={64} placeholder={t('admin.invite.code')} aria-label={t('admin.invite.code')} onInput={(event) => setCode(event.detail.value)} />
          <Button id='invite-redeem' className='primary-button' disabled={code.trim() === '' || session.status !== 'ready'} onClick={() => void redeem()}>
            {t('admin.invite.redeem')}
          </Button>
          {outcome && 'error' in outcome ? <ApiErrorView error={outcome.error} /> : null}
          {outcome && 'roles' in outcome ? (
            <>
              <Text id='invite-joined' className='form-ok' aria-live='polite'>{t('admin.invite.joined', { roles: outcome.roles })}</Text>
              <Button id='invite-open' className='card-link' onClick={() => void Taro.reLaunch({ url: pageUrl('manager') })}>
                {t('admin.invite.open')}
              </Button>
            </>
          ) : null}
        </View>
      </View>
    </View>
  );
}
