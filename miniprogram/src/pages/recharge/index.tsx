import { useRouter } from '@tarojs/taro';
import { RechargeScreen } from './recharge-screen';

/** The recharge page, opened as `pages/recharge/index?meterId=<id>` from a meter card. */
export default function RechargePage() {
  const { params } = useRouter();
  return <RechargeScreen meterId={params.meterId ?? ''} />;
}
