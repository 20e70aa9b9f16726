export default definePageConfig({
  navigationBarTitleText: '签到台',
  enablePullDownRefresh: true,
})
