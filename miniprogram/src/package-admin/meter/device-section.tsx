import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { MeterDeviceView } from '@prepaid/shared';
import { RemoteView } from '../../components';
import { describeSupply, formatBalance } from '../../format';
import { useRemote } from '../../hooks';
import { useT } from '../../i18n';
import { pageUrl } from '../../routes';
import { getMeterDevice } from '../api';

/**
 * The device this meter is one of several on (`#admin-device`): a dormitory
 * terminal's or a multi-user meter's circuits on one NB-IoT device, or the
 * meters on a gateway's bus. Each circuit by what it feeds, with its supply,
 * balance and open alarms, so a manager sees at a glance that only the air
 * conditioner is cut; each other one opens its own page. Nothing is shown
 * for a meter that is a device of its own.
 */
export function DeviceSection({ meterId, ready, queryKey }: { meterId: string; ready: boolean; queryKey: readonly unknown[] }) {
  const { t } = useT();
  const device = useRemote(queryKey, () => getMeterDevice(meterId), ready);
  if (device.status === 'ready' && !device.data.multiPoint) return null;
  return (
    <>
      <Text className='admin-section'>{t('admin.meter.device.title')}</Text>
      <RemoteView id='admin-device' state={device}>
        {(data) => (
          <View id='admin-device' className='admin-list' data-points={data.meters.length}>
            <Text id='admin-device-head' className='admin-item__sub'>{deviceLine(data, t)}</Text>
            {data.meters.map((point) => (
              <DevicePoint key={point.id} point={point} current={point.id === meterId} />
            ))}
            {data.gatewayId ? (
              <Button id='admin-device-gateway' className='secondary-action' onClick={() => void Taro.navigateTo({ url: pageUrl('adminGateways') })}>
                {t('admin.meter.device.gateway')}
              </Button>
            ) : null}
          </View>
        )}
      </RemoteView>
    </>
  );
}

type Translate = ReturnType<typeof useT>['t'];

/** `CTWing 设备 ctwing-… · IMEI …` or `网关 gw-…`. */
function deviceLine(device: MeterDeviceView, t: Translate): string {
  if (device.gatewayId) return t('admin.meter.device.onGateway', { id: device.gatewayId, count: device.meters.length });
  const platform = t(`admin.meter.device.platforms.${device.platform}`);
  return [t('admin.meter.device.terminal', { platform, id: device.deviceId, count: device.meters.length }), device.imei ? `IMEI ${device.imei}` : null].filter(Boolean).join(' · ');
}

function DevicePoint({ point, current }: { point: MeterDeviceView['meters'][number]; current: boolean }) {
  const { t, language } = useT();
  const name = point.circuit ? t('gateways.circuit', { number: point.circuit.number, label: point.circuit.label ?? '' }) : t('gateways.address', { address: point.address });
  const state = [
    point.id,
    describeSupply(point.utility, point.supply, language),
    point.pendingSupply ? `${t(`admin.meter.actions.${point.pendingSupply.action}`)} · ${t('admin.meter.statuses.queued')}` : null,
    point.hold ? t('admin.meter.hold').replace(/^[，,]\s*/, '') : null,
    formatBalance(point.balanceFen),
    point.openAlarms.length > 0 ? t('admin.list.alarms', { count: point.openAlarms.length }) : null,
  ].filter(Boolean).join(' · ');
  const body = (
    <>
      <View className='admin-item__main'>
        <Text className='admin-item__title'>{current ? `${name}${t('admin.meter.device.this')}` : `${name} ›`}</Text>
      </View>
      <Text className={`admin-item__sub${point.supply === 'off' || point.balanceFen <= 0 ? ' is-negative' : ''}`}>{state}</Text>
    </>
  );
  return current ? (
    <View id={`device-meter-${point.id}`} className='admin-item is-current' data-supply={point.supply}>{body}</View>
  ) : (
    <View id={`device-meter-${point.id}`} className='admin-item' data-supply={point.supply} onClick={() => void Taro.redirectTo({ url: pageUrl('adminMeter', { meterId: point.id }) })}>{body}</View>
  );
}
