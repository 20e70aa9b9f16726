export default definePageConfig({
  navigationBarTitleText: '合并记录',
})
