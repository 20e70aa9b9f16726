export default definePageConfig({
  navigationBarTitleText: '活动详情',
  enablePullDownRefresh: true,
  // 分享给好友 and 分享到朋友圈 (the page answers with useShareAppMessage / useShareTimeline).
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
