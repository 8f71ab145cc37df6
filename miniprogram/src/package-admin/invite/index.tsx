import { useRouter } from '@tarojs/taro';
import { InviteScreen } from './invite-screen';

/** Redeeming an invitation; a shared link may carry the code (`?code=`). */
export default function InvitePage() {
  const { params } = useRouter();
  return <InviteScreen initialCode={params.code ?? ''} />;
}
