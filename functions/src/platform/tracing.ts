/** Wraps a client so its calls are recorded as X-Ray subsegments. */
type Capture = <Client>(client: Client) => Client;

let capture: Capture | null = null;

/**
 * Registers how clients are traced: called by platform/tracer.ts, which only
 * the money paths' handler modules import, so the X-Ray SDK is in their
 * bundles alone (it is a third of a bundle).
 */
export function traceWith(how: Capture): void {
  capture = how;
}

/**
 * `client`, its calls recorded as X-Ray subsegments, in the functions traced
 * end to end: the money paths, whose `tracing: Active` makes
 * deploy/least-privilege.cjs set POWERTOOLS_TRACE_ENABLED=true on a deployed
 * stage, and whose modules import platform/tracer.ts. Elsewhere (other
 * functions, local stages, tests) the client is returned as it is.
 */
export function traced<Client>(client: Client, env: Readonly<Record<string, string | undefined>> = process.env): Client {
  return env.POWERTOOLS_TRACE_ENABLED === 'true' && capture ? capture(client) : client;
}
