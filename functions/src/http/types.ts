import type { Role } from '@prepaid/shared';
import type { Logger } from '../platform';

/**
 * Who is calling: a tenant/manager logged in through WeChat, or an API key.
 * `buildings` is a manager's scope (absent or empty: none); an admin acts on
 * every building whatever it says.
 */
export type Principal =
  | { readonly kind: 'user'; readonly openid: string; readonly roles: readonly Role[]; readonly buildings?: readonly string[] }
  | { readonly kind: 'key'; readonly keyId: string; readonly roles: readonly Role[]; readonly buildings?: readonly string[] };

export interface HttpRequest<Body, Params, Query, P extends Principal | undefined = Principal | undefined> {
  readonly body: Body;
  readonly params: Params;
  readonly query: Query;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as received (signature checks need the raw bytes). */
  readonly rawBody: string;
  readonly requestId: string;
  readonly log: Logger;
  /** Who is calling: always set on a route that is not public (its type says so). */
  readonly principal: P;
}

export interface HttpResult {
  readonly status: number;
  readonly body?: unknown;
  /** Sent as `text/plain` instead of JSON (OneNET's URL check wants the bare `msg`). */
  readonly text?: string;
  /** Sent as bytes (base64 to API Gateway), with the content type in `headers`. */
  readonly binary?: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * What the audit log keeps of a staff action beyond the request: the state
   * before, the state after (default: the answer's body), and the meter and
   * building when the route has no `{meterId}`.
   */
  readonly audit?: { readonly before?: unknown; readonly after?: unknown; readonly meterId?: string; readonly buildingId?: string | null };
}

/** The API Gateway (HTTP API, payload 2.0) response shape. */
export interface LambdaHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}
