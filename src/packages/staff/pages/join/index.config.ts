export default definePageConfig({
  navigationBarTitleText: '成为组织者',
})
