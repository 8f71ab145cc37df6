export default definePageConfig({ navigationBarTitleText: '整栋保电' });
