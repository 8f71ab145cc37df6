export default definePageConfig({ navigationBarTitleText: '表计二维码' });
