import { useRouter } from '@tarojs/taro';
import { ReceiptScreen } from './receipt-screen';

/** One recharge's receipt, opened from the records with `pageUrl('receipt', { meterId, entryId })`. */
export default function ReceiptPage() {
  const { params } = useRouter();
  return <ReceiptScreen meterId={params.meterId ?? ''} entryId={params.entryId ?? ''} />;
}
