export default definePageConfig({ navigationBarTitleText: '收支记录' });
