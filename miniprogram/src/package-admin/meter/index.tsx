import { useRouter } from '@tarojs/taro';
import { MeterScreen } from './meter-screen';

/** One meter for its manager, opened from the meter list with `pageUrl('adminMeter', { meterId })`. */
export default function AdminMeterPage() {
  const { params } = useRouter();
  return <MeterScreen meterId={params.meterId ?? ''} />;
}
