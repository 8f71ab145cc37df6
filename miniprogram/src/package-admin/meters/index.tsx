import { useRouter } from '@tarojs/taro';
import { MetersScreen } from './meters-screen';

/** The manager's meters, opened from the manager tab (`filter`, `buildingId` optional). */
export default function AdminMetersPage() {
  const { params } = useRouter();
  return <MetersScreen {...(params.filter ? { initialFilter: params.filter } : {})} {...(params.buildingId ? { buildingId: params.buildingId } : {})} />;
}
