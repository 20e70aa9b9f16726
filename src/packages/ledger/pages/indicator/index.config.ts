export default definePageConfig({
  navigationBarTitleText: '编辑指标',
})
