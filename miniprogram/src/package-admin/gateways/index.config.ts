export default definePageConfig({ navigationBarTitleText: '网关与终端' });
