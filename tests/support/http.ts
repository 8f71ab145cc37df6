export interface ApiAnswer {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  readonly headers: Headers;
}

/** One real HTTP request to the API; `body` is sent as JSON unless it is already a string. */
export async function call(
  baseUrl: string,
  path: string,
  options: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** Binds a tenant to a meter as scanning its QR code does: the code from the admin route, then `POST /v1/bindings`. */
export async function bindTenant(api: string, admin: string, token: string, meterId: string): Promise<ApiAnswer> {
  const code = await call(api, `/v1/admin/meters/${meterId}/binding-code`, { token: admin });
  if (code.status !== 200) throw new Error(`no binding code for ${meterId}: HTTP ${code.status}`);
  return call(api, '/v1/bindings', { body: { scene: code.body.scene }, token });
}

/**
 * Every alarm of the admin inbox with these filters, page after page: a page
 * is the newest open alarms of the whole shared table, filtered after the
 * read, so what a test looks for may be on a later page.
 */
export async function inboxAlarms(api: string, token: string, query: string): Promise<{ meterId: string; kind: string; [key: string]: unknown }[]> {
  const items: { meterId: string; kind: string }[] = [];
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: ApiAnswer = await call(api, `/v1/admin/alarms?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    if (page.status !== 200) throw new Error(`GET /v1/admin/alarms?${query}: HTTP ${page.status}`);
    items.push(...page.body.items);
    cursor = page.body.next;
  }
  return items;
}
