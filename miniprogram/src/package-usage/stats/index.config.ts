export default definePageConfig({ navigationBarTitleText: '经营统计' });
