import { Text, View } from '@tarojs/components';
import type { HealthResponse } from '@prepaid/shared';
import type { RemoteState } from '../../hooks';
import { useT } from '../../i18n';

export interface HealthLineProps {
  health: RemoteState<HealthResponse>;
}

/** The API's own word for its state (`ok`), `error` when it cannot be reached, `…` while asking. */
const statusOf = (health: RemoteState<HealthResponse>): string => {
  if (health.status === 'ready') return health.data.status;
  return health.status === 'error' ? 'error' : '…';
};

/** API status (`#health-status`, its `data-status` 'ok' when healthy, 'error' when not) and version (`#api-version`). */
export function HealthLine({ health }: HealthLineProps) {
  const { t } = useT();
  const status = statusOf(health);
  const ok = status === 'ok';
  return (
    <View className='health-line'>
      <Text className='health-line__label'>{t('me.service')}</Text>
      <Text id='health-status' className={ok ? 'health-status is-ok' : 'health-status'} data-status={status}>
        {ok ? t('me.serviceOk') : status === 'error' ? t('me.serviceDown') : status}
      </Text>
      <Text className='health-line__label'>{t('me.version')}</Text>
      <Text id='api-version' className='api-version'>
        {health.status === 'ready' ? health.data.version : '—'}
      </Text>
    </View>
  );
}
