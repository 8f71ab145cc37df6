import { useRouter } from '@tarojs/taro';
import { AlarmsScreen } from './alarms-screen';

/** The alarms inbox, opened from the manager tab (`status`, `buildingId` optional). */
export default function AdminAlarmsPage() {
  const { params } = useRouter();
  return <AlarmsScreen {...(params.status ? { initialStatus: params.status } : {})} {...(params.buildingId ? { buildingId: params.buildingId } : {})} />;
}
