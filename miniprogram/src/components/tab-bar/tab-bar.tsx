import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Role } from '@prepaid/shared';
import { useT } from '../../i18n';
import { visibleTabs, type Tab, type TabKey } from './tabs';

export interface TabBarProps {
  /** The tab of the page rendering the bar. */
  current: TabKey;
  /** The user's roles; empty while not logged in. */
  roles: readonly Role[];
}

const openTab = (tab: Tab): void => {
  // redirectTo keeps a one-page stack, like a native tab bar, on weapp and H5 alike.
  void Taro.redirectTo({ url: tab.path });
};

/**
 * The bottom tab bar, drawn by each page (a native tabBar cannot hide one item).
 * Ids `tab-<key>`; the current tab carries the class `is-active`.
 */
export function TabBar({ current, roles }: TabBarProps) {
  const { t } = useT();
  return (
    <View id='tab-bar' className='tab-bar'>
      {visibleTabs(roles).map((tab) => {
        const active = tab.key === current;
        return (
          <View
            key={tab.key}
            id={`tab-${tab.key}`}
            className={active ? 'tab-bar__item is-active' : 'tab-bar__item'}
            onClick={active ? undefined : () => openTab(tab)}
          >
            <Text className='tab-bar__label'>{t(`tabs.${tab.key}`, { defaultValue: tab.label })}</Text>
          </View>
        );
      })}
    </View>
  );
}
