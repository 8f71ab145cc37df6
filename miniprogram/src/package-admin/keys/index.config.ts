export default definePageConfig({ navigationBarTitleText: '接口密钥' });
