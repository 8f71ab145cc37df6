export default definePageConfig({ navigationBarTitleText: '我的水电', enablePullDownRefresh: true, backgroundTextStyle: 'dark' });
