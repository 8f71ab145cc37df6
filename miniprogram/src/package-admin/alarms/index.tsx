import { AlarmsScreen } from './alarms-screen';

/** The alarms inbox, opened from the manager tab. */
export default function AdminAlarmsPage() {
  return <AlarmsScreen />;
}
