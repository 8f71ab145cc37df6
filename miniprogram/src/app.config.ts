import { appPages } from './routes/registry';

/**
 * No native `tabBar`: WeChat cannot hide a single tab, and the manager tab must be
 * hidden from tenants, so every page renders the shared <TabBar> component instead.
 * The recharge page is no tab: a meter card opens it with navigateTo, from the tenant subpackage.
 */
export default defineAppConfig({
  // Pages and subpackages come from the one registry of pages (src/routes/registry.ts).
  ...appPages(),
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '水电预付费',
    navigationBarTextStyle: 'black',
  },
});
