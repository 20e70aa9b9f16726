export default definePageConfig({
  navigationBarTitleText: '参与人信息',
})
