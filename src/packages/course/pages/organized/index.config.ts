export default definePageConfig({
  navigationBarTitleText: '系列课程管理',
  enablePullDownRefresh: true,
})
