import { RefundsScreen } from './refunds-screen';

/** The refund queue, opened from the manager tab. */
export default function AdminRefundsPage() {
  return <RefundsScreen />;
}
