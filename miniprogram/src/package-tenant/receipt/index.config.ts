export default definePageConfig({ navigationBarTitleText: '收据' });
