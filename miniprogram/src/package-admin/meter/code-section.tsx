import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { MeterView } from '@prepaid/shared';
import { useState } from 'react';
import { asApiError, type ApiError } from '../../api';
import { ApiErrorView, RemoteView } from '../../components';
import { describeLocation } from '../../format';
import { useRemote } from '../../hooks';
import { useT } from '../../i18n';
import { pageUrl } from '../../routes';
import { getBindingCode, rotateBindingCode } from '../api';
import { confirmAction } from '../confirm';

/**
 * The meter's QR code (`#admin-code`): the scene its sticker carries, a link
 * to the building's printable sheet, and rotating the code after a
 * confirmation — the old sticker stops binding anyone at once, the tenants
 * already bound stay bound.
 */
export function CodeSection({ meter, ready, queryKey }: { meter: MeterView; ready: boolean; queryKey: readonly unknown[] }) {
  const { t } = useT();
  const code = useRemote(queryKey, () => getBindingCode(meter.id), ready, { staleTimeMs: 0 });
  const [outcome, setOutcome] = useState<{ rotated: string } | { error: ApiError } | null>(null);
  const rotate = async () => {
    if (!(await confirmAction(t('admin.meter.confirmRotate', { meter: `${describeLocation(meter) ?? meter.id} (${meter.id})` })))) return;
    try {
      const rotated = await rotateBindingCode(meter.id);
      setOutcome({ rotated: rotated.scene });
      code.reload();
    } catch (caught) {
      setOutcome({ error: asApiError(caught) });
    }
  };
  return (
    <>
      <Text className='admin-section'>{t('admin.meter.code')}</Text>
      <View id='admin-code' className='admin-form'>
        <RemoteView id='admin-code-scene' state={code}>
          {(data) => (
            <Text id='admin-code-scene' className='admin-item__sub' data-scene={data.scene}>
              {t('admin.meter.scene', { scene: data.scene })}
            </Text>
          )}
        </RemoteView>
        <View className='admin-row'>
          {meter.building ? (
            <Button id='admin-code-print' className='secondary-action' onClick={() => void Taro.navigateTo({ url: pageUrl('adminQr', { buildingId: meter.building! }) })}>
              {t('admin.meter.printCodes')}
            </Button>
          ) : null}
          <Button id='admin-code-rotate' className='secondary-action danger-button' onClick={() => void rotate()}>
            {t('admin.meter.rotate')}
          </Button>
        </View>
        {outcome && 'rotated' in outcome ? (
          <Text id='admin-code-outcome' className='form-ok' aria-live='polite'>
            {t('admin.meter.rotated')}
          </Text>
        ) : null}
        {outcome && 'error' in outcome ? <ApiErrorView error={outcome.error} /> : null}
      </View>
    </>
  );
}
