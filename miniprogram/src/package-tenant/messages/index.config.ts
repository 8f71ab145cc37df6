export default definePageConfig({ navigationBarTitleText: '消息与提醒' });
