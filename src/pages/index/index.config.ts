export default definePageConfig({
  navigationBarTitleText: '科普环翠',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
})
