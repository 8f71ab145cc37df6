import type { Role } from '@prepaid/shared';
import { TABS, type Tab } from '../../routes';
import { canManage } from '../../session';

export { TABS, type Tab };
export type TabKey = Tab['key'];

/** The tabs these roles may see: the manager tab only for 'manager' or 'admin'. */
export function visibleTabs(roles: readonly Role[]): Tab[] {
  const manager = canManage(roles);
  return TABS.filter((tab) => manager || !tab.managersOnly);
}
