/**
 * No native `tabBar`: WeChat cannot hide a single tab, and the manager tab must be
 * hidden from tenants, so every page renders the shared <TabBar> component instead.
 * The recharge page is no tab: a meter card opens it with navigateTo.
 */
export default defineAppConfig({
  pages: ['pages/home/index', 'pages/usage/index', 'pages/me/index', 'pages/manager/index', 'pages/recharge/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '水电预付费',
    navigationBarTextStyle: 'black',
  },
});
