import { KeysScreen } from './keys-screen';

/** Third parties' API keys (admins), opened from the manager tab. */
export default function KeysPage() {
  return <KeysScreen />;
}
