import { useCallback, useEffect, useRef, useState } from 'react';
import { queryClient, queryKeys } from '../data';
import { DEFAULT_POLL_TIMING, runRecharge, type PollTiming, type RechargeFlow } from '../recharge';

export interface RechargeControl {
  flow: RechargeFlow;
  /** True from the tap on pay until the order is settled, cancelled or failed. */
  inFlight: boolean;
  /** Starts a recharge of `amountFen`; ignored while one is in flight. */
  pay: (amountFen: number) => void;
}

/**
 * The recharge flow of one meter as React state. Leaving the page stops the polling;
 * at most one attempt runs at a time, even when the pay button is tapped twice quickly.
 */
export function useRecharge(meterId: string, timing: PollTiming = DEFAULT_POLL_TIMING): RechargeControl {
  const [flow, setFlow] = useState<RechargeFlow>({ phase: 'idle' });
  const attemptRef = useRef(0);
  const busyRef = useRef(false);

  useEffect(
    () => () => {
      // Unmounted: the running attempt is no longer current, so it stops reporting.
      attemptRef.current += 1;
    },
    [],
  );

  const pay = useCallback(
    (amountFen: number): void => {
      if (busyRef.current) return;
      busyRef.current = true;
      attemptRef.current += 1;
      const attempt = attemptRef.current;
      const isActive = (): boolean => attemptRef.current === attempt;
      const report = (next: RechargeFlow): void => {
        setFlow(next);
        // Paid, and the meter read again: every cached balance, meter and list of the user is stale; pages showing them fetch again.
        if (next.phase === 'paid' && (next.meter !== null || next.error !== null)) void queryClient.invalidateQueries({ queryKey: queryKeys.everyUser() });
      };
      void runRecharge(meterId, amountFen, { timing, report, isActive }).finally(() => {
        busyRef.current = false;
      });
    },
    [meterId, timing],
  );

  const inFlight = flow.phase === 'paying' || flow.phase === 'confirming';
  return { flow, inFlight, pay };
}
