// Each page a resident or admin touches, in normal and large font (关怀模式): it renders its content,
// has no horizontal scrolling at phone width, and leaves a screenshot in screenshots/ to look at.
import type { Page } from 'playwright-core'
import { phonePage, screenshot, signIn as signInAt, useLocalApp, openFresh } from './support'

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
  ['tickets', '/#/pages/tickets/index', '签到卡'],
]

/** Organizer pages, seen as 陈静 of 区科学技术协会. */
const ORGANIZER_PAGES: Array<[string, string, string]> = [
  ['console-list', '/#/packages/console/pages/list/index', '科普大讲堂'],
  ['console', '/#/packages/console/pages/activity/index?id=act-today-ai', '已签到'],
  ['cards', '/#/packages/console/pages/cards/index?id=act-today-ai', '科普环翠 签到卡'],
]

describe.each([
  ['normal', 1],
  ['large-font', 1.25],
])('pages in %s', (label, fontScale) => {
  it.each([...PAGES.map((p) => [...p, '李娜'] as const), ...ORGANIZER_PAGES.map((p) => [...p, '陈静'] as const)])('%s renders without horizontal scrolling', async (name, path, text, who) => {
    const { context, page } = await phonePage(app.browser, { fontScale })
    await signIn(page, who)
    await openFresh(page, app.url + path)
    await page.getByText(text).first().waitFor()
    await page.waitForTimeout(300)
    await expectNoHorizontalScroll(page)
    await screenshot(page, `${name}-${label}`)
    await context.close()
  })
})

describe('page titles in the H5 top bar', () => {
  // The longest titles, each where it is shown: Taro's bar used to cut them after four characters (本地演···).
  const TITLED: Array<[string, string, string | null]> = [
    ['本地演示登录', '/#/pages/login/index', null],
    ['添加家庭成员', '/#/pages/person-edit/index', '李娜'],
    ['打印签到卡', '/#/packages/console/pages/cards/index?id=act-today-ai', '陈静'],
  ]
  it.each(TITLED)('shows 「%s」 whole at 320 px wide', async (title, path, who) => {
    const context = await app.browser.newContext({ viewport: { width: 320, height: 640 }, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    const page = await context.newPage()
    if (who) await signIn(page, who)
    await openFresh(page, app.url + path)
    await page.waitForFunction((t) => document.querySelector('.taro-navigation-bar-title')?.textContent === t, title)
    const cut = await page.locator('.taro-navigation-bar-title').evaluate((el) => el.scrollWidth > el.clientWidth)
    expect(cut).toBe(false)
    if (title === '添加家庭成员') await screenshot(page, 'title-320')
    await context.close()
  })
})

describe('an unknown path', () => {
  it('shows 页面不存在 with a way home instead of a blank page', async () => {
    const { context, page } = await phonePage(app.browser)
    await openFresh(page, app.url + '/#/pages/no-such-page/index?id=1')
    await page.getByText('链接可能已失效或输入有误。').waitFor()
    await screenshot(page, 'not-found')
    await page.getByText('返回首页').click()
    await page.getByText('共').first().waitFor()
    await context.close()
  })
})
