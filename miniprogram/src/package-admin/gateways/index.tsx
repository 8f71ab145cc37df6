import { GatewaysScreen } from './gateways-screen';

/** Gateways and dormitory terminals with the meters behind them, opened from the manager tab. */
export default function GatewaysPage() {
  return <GatewaysScreen />;
}
