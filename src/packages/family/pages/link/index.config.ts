export default definePageConfig({
  navigationBarTitleText: '绑定信息',
})
