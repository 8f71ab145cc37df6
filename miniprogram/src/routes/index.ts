export { appPages, pagePath, pageUrl, PAGES, SUBPACKAGES, TABS, type PageEntry, type PageKey, type SubpackageKey, type Tab, type TabEntry } from './registry';
