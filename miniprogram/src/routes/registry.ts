/**
 * Every page of the mini-program, once: where it lives (the main package or
 * a subpackage), whether it is a tab, and so its path. `app.config.ts`
 * builds `pages` and `subPackages` from this, the tab bar draws its tabs from
 * it, and every navigation takes its URL from `pageUrl` — no page path is
 * written anywhere else.
 *
 * WeChat loads the main package at start (its limit: 2 MB, ours: 1 MB) and a
 * subpackage when one of its pages is first opened: the tab pages and the
 * entry live in the main package, every other page in a subpackage.
 *
 * Pure data (no Taro import): the build reads it in Node to write app.json.
 */

/** Subpackage roots: a folder of `src/` each, with the pages (and the modules only they use). */
export const SUBPACKAGES = {
  /** The tenant's pages beyond the tabs: recharge (later records, receipts, refunds, messages). */
  tenant: 'package-tenant',
  /** The charts (a tenant's usage, the managers' statistics), with the custom ECharts build: only this subpackage carries it. */
  usage: 'package-usage',
  /** The manager's pages beyond the tab: meters, one meter, alarms, refunds, the invitation. */
  admin: 'package-admin',
} as const;

export type SubpackageKey = keyof typeof SUBPACKAGES;

export interface TabEntry {
  /** The label under the tab (Chinese first). */
  readonly label: string;
  /** Shown only to managers and admins (the API enforces the rest). */
  readonly managersOnly: boolean;
}

export interface PageEntry {
  /** The page's path inside its package, without extension: `pages/home/index`, `recharge/index`. */
  readonly path: string;
  /** The subpackage it lives in; absent: the main package. */
  readonly subpackage?: SubpackageKey;
  /** A tab of the bottom bar, in the order of this registry. */
  readonly tab?: TabEntry;
}

export const PAGES = {
  home: { path: 'pages/home/index', tab: { label: '首页', managersOnly: false } },
  usage: { path: 'pages/usage/index', tab: { label: '用量', managersOnly: false } },
  me: { path: 'pages/me/index', tab: { label: '我的', managersOnly: false } },
  manager: { path: 'pages/manager/index', tab: { label: '管理', managersOnly: true } },
  recharge: { path: 'recharge/index', subpackage: 'tenant' },
  records: { path: 'records/index', subpackage: 'tenant' },
  receipt: { path: 'receipt/index', subpackage: 'tenant' },
  refund: { path: 'refund/index', subpackage: 'tenant' },
  messages: { path: 'messages/index', subpackage: 'tenant' },
  charts: { path: 'charts/index', subpackage: 'usage' },
  adminMeters: { path: 'meters/index', subpackage: 'admin' },
  adminMeter: { path: 'meter/index', subpackage: 'admin' },
  adminAlarms: { path: 'alarms/index', subpackage: 'admin' },
  adminRefunds: { path: 'refunds/index', subpackage: 'admin' },
  invite: { path: 'invite/index', subpackage: 'admin' },
  adminMass: { path: 'mass/index', subpackage: 'admin' },
  adminAudit: { path: 'audit/index', subpackage: 'admin' },
  adminQr: { path: 'qrcodes/index', subpackage: 'admin' },
  adminStats: { path: 'stats/index', subpackage: 'usage' },
  adminExports: { path: 'exports/index', subpackage: 'admin' },
  adminKeys: { path: 'keys/index', subpackage: 'admin' },
  adminGateways: { path: 'gateways/index', subpackage: 'admin' },
  adminIncome: { path: 'income/index', subpackage: 'admin' },
} as const satisfies Record<string, PageEntry>;

export type PageKey = keyof typeof PAGES;

const entries = Object.entries(PAGES) as [PageKey, PageEntry][];

/** The page's absolute path as WeChat and the H5 router know it: `/pages/home/index`, `/package-tenant/recharge/index`. */
export function pagePath(key: PageKey): string {
  const page: PageEntry = PAGES[key];
  return `/${page.subpackage ? `${SUBPACKAGES[page.subpackage]}/` : ''}${page.path}`;
}

/** The URL that opens a page with its query: `pageUrl('recharge', { meterId: 'E-1' })` → `/package-tenant/recharge/index?meterId=E-1`. */
export function pageUrl(key: PageKey, query: Readonly<Record<string, string>> = {}): string {
  const search = Object.entries(query)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return search ? `${pagePath(key)}?${search}` : pagePath(key);
}

/** `pages` and `subPackages` of app.json: the main package's pages (home first, it opens the app), then each subpackage's. */
export function appPages(): { pages: string[]; subPackages: { root: string; pages: string[] }[] } {
  const main = entries.filter(([, page]) => !page.subpackage).map(([, page]) => page.path);
  const subPackages = (Object.keys(SUBPACKAGES) as SubpackageKey[])
    .map((key) => ({ root: SUBPACKAGES[key], pages: entries.filter(([, page]) => page.subpackage === key).map(([, page]) => page.path) }))
    .filter((sub) => sub.pages.length > 0);
  return { pages: main, subPackages };
}

export interface Tab extends TabEntry {
  readonly key: PageKey;
  readonly path: string;
}

/** The tabs in display order. */
export const TABS: readonly Tab[] = entries.flatMap(([key, page]) => (page.tab ? [{ key, path: pagePath(key), ...page.tab }] : []));
