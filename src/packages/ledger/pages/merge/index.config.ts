export default definePageConfig({
  navigationBarTitleText: '合并重复参与人',
})
