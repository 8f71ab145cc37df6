export default definePageConfig({ navigationBarTitleText: '加入物业团队' });
