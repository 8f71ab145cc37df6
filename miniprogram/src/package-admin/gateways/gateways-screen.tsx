import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { RemoteView, SessionNotice } from '../../components';
import { queryKeys } from '../../data';
import { formatShanghaiTime } from '../../format';
import { useRemote, useSession } from '../../hooks';
import { useT } from '../../i18n';
import { pageUrl } from '../../routes';
import { listGateways } from '../api';
import '../admin.css';

type Gateway = Awaited<ReturnType<typeof listGateways>>['items'][number];

/**
 * Gateways (`#gateways`): each concentrator or dormitory terminal of the
 * manager's buildings, online or since when silent, and the meters behind
 * it — a terminal's circuits by what they feed — each opening its meter.
 */
export function GatewaysScreen() {
  const { t } = useT();
  const session = useSession();
  const openid = session.status === 'ready' ? session.me.openid : '';
  // Presence moves with every batch: read afresh whenever the page opens.
  const gateways = useRemote(queryKeys.gateways(openid), listGateways, openid !== '', { staleTimeMs: 0 });
  return (
    <View className='page'>
      <View className='page__content'>
        <Text className='page-title'>{t('gateways.title')}</Text>
        {session.status !== 'ready' ? <SessionNotice session={session} /> : null}
        <RemoteView id='gateways' state={gateways} isEmpty={(data) => data.items.length === 0} empty={<Text className='list-end'>{t('gateways.none')}</Text>}>
          {(data) => (
            <View id='gateways' className='admin-list'>
              {data.items.map((gateway) => (
                <GatewayItem key={gateway.id} gateway={gateway} />
              ))}
            </View>
          )}
        </RemoteView>
      </View>
    </View>
  );
}

function GatewayItem({ gateway }: { gateway: Gateway }) {
  const { t } = useT();
  const facts = { id: gateway.id, kind: t(`gateways.kinds.${gateway.kind}`), minutes: gateway.silentAfterMinutes };
  return (
    <View id={`gateway-${gateway.id}`} className='admin-item' data-online={gateway.online}>
      <View className='admin-item__main'>
        <Text className='admin-item__title'>{gateway.name}</Text>
        <Text className={`admin-item__value${gateway.online ? '' : ' is-negative'}`}>{gateway.online ? t('gateways.online') : t('gateways.offline')}</Text>
      </View>
      <Text className='admin-item__sub'>{gateway.lastSeenAt ? t('gateways.seen', { ...facts, at: formatShanghaiTime(gateway.lastSeenAt) }) : t('gateways.never', facts)}</Text>
      {gateway.points.map((point) => (
        <Button
          key={point.meterId}
          id={`gateway-point-${point.meterId}`}
          className='link-button'
          onClick={() => void Taro.navigateTo({ url: pageUrl('adminMeter', { meterId: point.meterId }) })}
        >
          {`${point.circuit ? t('gateways.circuit', { number: point.circuit.number, label: point.circuit.label ?? '' }) : t('gateways.address', { address: point.address })} · ${point.meterId} ›`}
        </Button>
      ))}
    </View>
  );
}
