import { useRouter } from '@tarojs/taro';
import { RechargeScreen } from './recharge-screen';

/** The recharge page of a meter, opened from its card with `pageUrl('recharge', { meterId })`. */
export default function RechargePage() {
  const { params } = useRouter();
  return <RechargeScreen meterId={params.meterId ?? ''} />;
}
