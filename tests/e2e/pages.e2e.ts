// Each page a resident or admin touches, in normal and large font (关怀模式): it renders its content,
// has no horizontal scrolling at phone width, and leaves a screenshot in screenshots/ to look at.
import type { Page } from 'playwright-core'
import { phonePage, screenshot, signIn as signInAt, useLocalApp } from './support'

const app = useLocalApp()
const signIn = (page: Page, name: string) => signInAt(page, app.url, name)

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}

const PAGES: Array<[string, string, string]> = [
  ['home', '/#/pages/index/index', '共'],
  ['activity', '/#/pages/activity/index?id=act-zhzl-1', '主办单位'],
  ['registrations', '/#/pages/registrations/index', '即将参加'],
  ['profile', '/#/pages/profile/index', '添加家庭成员'],
  ['person-edit', '/#/pages/person-edit/index', '出生年份'],
  ['login', '/#/pages/login/index', '本地演示环境'],
]

describe.each([
  ['normal', 1],
  ['large-font', 1.25],
])('pages in %s', (label, fontScale) => {
  it.each(PAGES)('%s renders without horizontal scrolling', async (name, path, text) => {
    const { context, page } = await phonePage(app.browser, { fontScale })
    await signIn(page, '李娜')
    await page.goto(app.url + path)
    await page.getByText(text).first().waitFor()
    await page.waitForTimeout(300)
    await expectNoHorizontalScroll(page)
    await screenshot(page, `${name}-${label}`)
    await context.close()
  })
})
