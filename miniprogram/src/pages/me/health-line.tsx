import { Text, View } from '@tarojs/components';
import type { HealthResponse } from '@prepaid/shared';
import type { RemoteState } from '../../hooks';

export interface HealthLineProps {
  health: RemoteState<HealthResponse>;
}

const statusText = (health: RemoteState<HealthResponse>): string => {
  if (health.status === 'ready') return health.data.status;
  return health.status === 'error' ? 'error' : '…';
};

/** API status (`#health-status`: 'ok' when healthy, 'error' when not) and version (`#api-version`). */
export function HealthLine({ health }: HealthLineProps) {
  const ok = health.status === 'ready' && health.data.status === 'ok';
  return (
    <View className='health-line'>
      <Text className='health-line__label'>服务状态</Text>
      <Text id='health-status' className={ok ? 'health-status is-ok' : 'health-status'}>
        {statusText(health)}
      </Text>
      <Text className='health-line__label'>版本</Text>
      <Text id='api-version' className='api-version'>
        {health.status === 'ready' ? health.data.version : '—'}
      </Text>
    </View>
  );
}
