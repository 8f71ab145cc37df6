import { useRouter } from '@tarojs/taro';
import { ChartsScreen } from './charts-screen';

/** A meter's usage charts, opened from the usage tab with `pageUrl('charts', { meterId })`. */
export default function ChartsPage() {
  const { params } = useRouter();
  return <ChartsScreen meterId={params.meterId ?? ''} />;
}
