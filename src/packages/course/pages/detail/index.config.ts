export default definePageConfig({
  navigationBarTitleText: '系列课程',
  enablePullDownRefresh: true,
})
