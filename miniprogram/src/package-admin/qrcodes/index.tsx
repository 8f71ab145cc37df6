import { useRouter } from '@tarojs/taro';
import { QrSheetScreen } from './qr-sheet-screen';

/** A building's QR codes to print, opened from its card on the manager tab (`buildingId`). */
export default function AdminQrPage() {
  const { params } = useRouter();
  return <QrSheetScreen buildingId={params.buildingId ?? ''} />;
}
