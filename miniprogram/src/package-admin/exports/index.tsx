import { useRouter } from '@tarojs/taro';
import { REPORT_PERIODS, type ReportPeriod } from '../../format';
import { ExportsScreen } from './exports-screen';

/** Exports, opened from the manager tab or the statistics (`?period=&buildingId=` carried over). */
export default function ExportsPage() {
  const { params } = useRouter();
  const period = REPORT_PERIODS.find((p) => p === params.period) as ReportPeriod | undefined;
  return <ExportsScreen initialPeriod={period ?? 'month'} initialBuilding={params.buildingId ?? null} />;
}
