import { useRouter } from '@tarojs/taro';
import { AuditScreen } from './audit-screen';

/** A building's audit log, opened from its card on the manager tab (`buildingId`). */
export default function AdminAuditPage() {
  const { params } = useRouter();
  return <AuditScreen buildingId={params.buildingId ?? ''} />;
}
