export default definePageConfig({
  navigationBarTitleText: '隐私指引',
})
