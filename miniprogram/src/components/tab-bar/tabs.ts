import type { Role } from '@prepaid/shared';
import { canManage } from '../../session';

export type TabKey = 'home' | 'usage' | 'me' | 'manager';

export interface Tab {
  readonly key: TabKey;
  readonly label: string;
  readonly path: string;
  /** Shown only to managers and admins. */
  readonly managersOnly: boolean;
}

/** Every tab in display order; the page paths match app.config.ts. */
export const TABS: readonly Tab[] = [
  { key: 'home', label: '首页', path: '/pages/home/index', managersOnly: false },
  { key: 'usage', label: '用量', path: '/pages/usage/index', managersOnly: false },
  { key: 'me', label: '我的', path: '/pages/me/index', managersOnly: false },
  { key: 'manager', label: '管理', path: '/pages/manager/index', managersOnly: true },
];

/** The tabs these roles may see: the manager tab only for 'manager' or 'admin'. */
export function visibleTabs(roles: readonly Role[]): Tab[] {
  const manager = canManage(roles);
  return TABS.filter((tab) => manager || !tab.managersOnly);
}
