/** Used by the weapp build when TARO_APP_API_BASE was not set at build time. */
export const DEFAULT_WEAPP_API_BASE = 'http://127.0.0.1:3000';

/**
 * Where API paths (`/v1/…`) are sent. On H5 it is '' (same origin: the static server
 * proxies `/v1/*` to the API); the weapp build needs an absolute URL, inlined at build
 * time from TARO_APP_API_BASE.
 */
export function resolveApiBase(): string {
  if (process.env.TARO_ENV === 'h5') return '';
  const configured = process.env.TARO_APP_API_BASE;
  return configured !== undefined && configured !== '' ? configured : DEFAULT_WEAPP_API_BASE;
}
