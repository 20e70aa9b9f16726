export default definePageConfig({
  navigationBarTitleText: '消息发件箱',
})
