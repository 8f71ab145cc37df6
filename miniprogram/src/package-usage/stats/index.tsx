import { StatsScreen } from './stats-screen';

/** The statistics of the manager's buildings, opened from the manager tab. */
export default function StatsPage() {
  return <StatsScreen />;
}
