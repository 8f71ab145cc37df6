export default definePageConfig({ navigationBarTitleText: '用量分析' });
