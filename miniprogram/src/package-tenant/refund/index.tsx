import { useRouter } from '@tarojs/taro';
import { RefundScreen } from './refund-screen';

/** A meter's refund form and requests, opened from its card with `pageUrl('refund', { meterId })`. */
export default function RefundPage() {
  const { params } = useRouter();
  return <RefundScreen meterId={params.meterId ?? ''} />;
}
