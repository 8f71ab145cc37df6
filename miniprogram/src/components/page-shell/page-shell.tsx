import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import type { Role } from '@prepaid/shared';
import { TabBar, type TabKey } from '../tab-bar';

export interface PageShellProps {
  tab: TabKey;
  roles: readonly Role[];
  children: ReactNode;
}

/** The frame every tab page shares: scrolling content above the custom tab bar. */
export function PageShell({ tab, roles, children }: PageShellProps) {
  return (
    <View className={`page page--${tab}`}>
      <View className='page__content'>{children}</View>
      <TabBar current={tab} roles={roles} />
    </View>
  );
}
