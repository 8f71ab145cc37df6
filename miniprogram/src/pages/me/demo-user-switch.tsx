import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { switchDemoUser } from '../../session';

/**
 * H5 demo only: log in as another openid (`#demo-openid-input`, `#demo-switch-button`).
 * Works only against an API in WECHAT_MODE=local, which accepts `local:<openid>` codes.
 */
export function DemoUserSwitch() {
  const [openid, setOpenid] = useState('');
  return (
    <View id='demo-switch' className='demo-switch'>
      <Text className='demo-switch__title'>演示模式：切换用户</Text>
      <Input
        id='demo-openid-input'
        className='demo-switch__input'
        type='text'
        placeholder='openid，例如 demo-tenant-2'
        value={openid}
        onInput={(event) => setOpenid(event.detail.value)}
      />
      <Button
        id='demo-switch-button'
        className='primary-button'
        disabled={openid.trim() === ''}
        onClick={() => void switchDemoUser(openid)}
      >
        切换
      </Button>
    </View>
  );
}
