export { TabBar, type TabBarProps } from './tab-bar';
export { TABS, visibleTabs, type Tab, type TabKey } from './tabs';
