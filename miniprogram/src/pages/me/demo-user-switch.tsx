import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { useT } from '../../i18n';
import { switchDemoUser } from '../../session';

/**
 * H5 demo only: log in as another openid (`#demo-openid-input`, `#demo-switch-button`).
 * Works only against an API in WECHAT_MODE=local, which accepts `local:<openid>` codes.
 */
export function DemoUserSwitch() {
  const { t } = useT();
  const [openid, setOpenid] = useState('');
  return (
    <View id='demo-switch' className='demo-switch'>
      <Text className='demo-switch__title'>{t('me.demoTitle')}</Text>
      <Input
        id='demo-openid-input'
        className='demo-switch__input'
        type='text'
        placeholder={t('me.demoPlaceholder')}
        aria-label={t('me.demoPlaceholder')}
        value={openid}
        onInput={(event) => setOpenid(event.detail.value)}
      />
      <Button
        id='demo-switch-button'
        className='primary-button'
        disabled={openid.trim() === ''}
        onClick={() => void switchDemoUser(openid)}
      >
        {t('me.demoSwitch')}
      </Button>
    </View>
  );
}
