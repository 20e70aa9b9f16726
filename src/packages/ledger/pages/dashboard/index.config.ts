export default definePageConfig({
  navigationBarTitleText: '科普统计台账',
  enablePullDownRefresh: true,
})
