import { useRouter } from '@tarojs/taro';
import { REPORT_PERIODS, type ReportPeriod } from '../../format';
import { IncomeScreen } from './income-screen';

/** Income details, opened from the statistics (`?period=&buildingId=` carried over). */
export default function IncomePage() {
  const { params } = useRouter();
  const period = REPORT_PERIODS.find((p) => p === params.period) as ReportPeriod | undefined;
  return <IncomeScreen initialPeriod={period ?? 'month'} buildingId={params.buildingId ?? null} />;
}
