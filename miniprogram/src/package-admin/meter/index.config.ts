export default definePageConfig({ navigationBarTitleText: '表计详情' });
