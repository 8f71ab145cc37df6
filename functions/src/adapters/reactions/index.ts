import type { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { AlarmMeterStatus, NoticeIntent } from '@prepaid/shared';

/** Work that follows an answer: what a posting sets off (the supply rule and its downlink, the alarms), or the downlink of a command a push queued. */
export type ReactionJob =
  | { readonly kind: 'after-posting'; readonly meterId: string; readonly balanceFen: number | null; readonly status?: AlarmMeterStatus; readonly notices?: readonly NoticeIntent[] }
  | { readonly kind: 'notify'; readonly meterId: string; readonly notices: readonly NoticeIntent[] }
  | { readonly kind: 'dispatch-command'; readonly meterId: string; readonly createdAt: string; readonly commandId: string }
  /** Write an export's file (handed to the export function, not `react`). */
  | { readonly kind: 'export'; readonly exportId: string };

/**
 * Runs a job after the caller has answered. A webhook must answer WeChat Pay
 * within 5 s and a platform fast; a downlink to a sleeping NB-IoT meter can
 * take longer. On AWS (and locally through serverless-offline, which serves
 * the same Invoke API) the job is an asynchronous invocation of the `react`
 * function; in-process (tests, scripts) it simply runs.
 */
export interface Reactions {
  /** Hands `job` over; `caller` is the dependencies of whoever asks (an inline run uses them, as a test's own). */
  after<D>(job: ReactionJob, caller: D): Promise<void>;
}

/**
 * An `Event` invocation of the `react` Lambda: Lambda queues it and answers
 * 202 at once (and retries it twice on failure). Failing to hand the job over
 * fails the caller, which is then retried as a whole (the scheduled sweeps
 * would also catch up).
 */
export function lambdaReactions(options: { functionName: string; region: string; endpoint?: string | undefined }): Reactions {
  // Loaded on the first job: most functions never hand one over, and the SDK is a good part of a cold start.
  let client: Promise<{ lambda: LambdaClient; InvokeCommand: typeof InvokeCommand }> | undefined;
  const connect = async () => {
    const sdk = await import('@aws-sdk/client-lambda');
    const lambda = new sdk.LambdaClient({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
      maxAttempts: 3,
    });
    return { lambda, InvokeCommand: sdk.InvokeCommand };
  };
  return {
    async after(job) {
      client ??= connect().catch((error: unknown) => {
        client = undefined; // a failed load is tried again on the next call
        throw error;
      });
      const { lambda, InvokeCommand } = await client;
      await lambda.send(new InvokeCommand({ FunctionName: options.functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(job)) }));
    },
  };
}

/** Runs the job now, in this process, with the caller's dependencies (tests and scripts, where nobody waits on an answer). */
export function inlineReactions<D>(run: (job: ReactionJob, caller: D) => Promise<void>): Reactions {
  return { after: (job, caller) => run(job, caller as unknown as D) };
}
