/**
 * When a queued supply command should reach the meter. An NB-IoT meter
 * sleeps between reports (power saving mode): the platform keeps the
 * command and hands it over at the meter's next report. So the estimate is
 * the first report due after the command was queued, counting from the
 * meter's last report at its reporting interval; a meter that has never
 * reported, or is overdue, is expected one interval after the command (or
 * after now, if that has passed). A tenant is told this time after paying a
 * cut meter: "power returns by 14:30, when the meter next reports".
 */
export function expectedDelivery(input: { queuedAt: Date; lastReportAt: Date | null; reportIntervalMs: number; now: Date }): Date {
  const { queuedAt, lastReportAt, reportIntervalMs, now } = input;
  if (!(reportIntervalMs > 0)) throw new RangeError('reportIntervalMs must be positive');
  const floor = Math.max(queuedAt.getTime(), now.getTime());
  if (lastReportAt) {
    const reports = Math.ceil((queuedAt.getTime() - lastReportAt.getTime()) / reportIntervalMs);
    const next = lastReportAt.getTime() + Math.max(1, reports) * reportIntervalMs;
    if (next >= floor) return new Date(next);
  }
  return new Date(floor + reportIntervalMs);
}
