import { useRouter } from '@tarojs/taro';
import { RecordsScreen } from './records-screen';

/** A meter's records, opened from its card with `pageUrl('records', { meterId })`. */
export default function RecordsPage() {
  const { params } = useRouter();
  return <RecordsScreen meterId={params.meterId ?? ''} />;
}
