import { useRouter } from '@tarojs/taro';
import { MassScreen } from './mass-screen';

/** A building's keep-on requests, opened from its card on the manager tab (`buildingId`). */
export default function AdminMassPage() {
  const { params } = useRouter();
  return <MassScreen buildingId={params.buildingId ?? ''} />;
}
