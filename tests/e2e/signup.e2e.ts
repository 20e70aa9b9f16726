// A resident signs their mother up for a full 智慧助老 lesson, waits, and is promoted when a seat frees up.
import type { Page } from 'playwright-core'
import { phonePage, screenshot, signIn as signInAt, useLocalApp, openFresh } from './support'

const LESSON = '智慧助老 手机课堂 第2课：防范电信诈骗'

const app = useLocalApp()
const signIn = (page: Page, name: string) => signInAt(page, app.url, name)

/** Presses the confirm button of Taro's H5 modal (Taro.showModal). */
const confirmModal = (page: Page) => page.locator('.taro-model__confirm').click()

/** The row of one managed person on the activity page. */
const personRow = (page: Page, name: string) => page.locator('.detail__person').filter({ hasText: name })

describe('sign-up with waitlist and promotion', () => {
  it('filters for 老年人, opens a full lesson, waitlists the mother, and promotes her after a cancellation', async () => {
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '李娜')

    // 1. Home: filter for seniors; only activities for 老年人 remain.
    await openFresh(page, `${app.url}/#/pages/index/index`)
    await page.locator('.k-filter__chips').getByText('老年人', { exact: true }).click()
    await page.getByText(LESSON).waitFor()
    const titles = await page.locator('.k-card__title').allTextContents()
    expect(titles.length).toBeGreaterThan(0)
    expect(titles.some((t) => t.includes('高素质农民'))).toBe(false)
    await screenshot(page, 'home-seniors')

    // 2. Open the lesson: it is full but has a waitlist.
    await page.getByText(LESSON).click()
    await page.locator('.detail__title').filter({ hasText: LESSON }).waitFor()
    await expect(page.getByText('主办单位')).toBeTruthy()
    await page.getByText('区科学技术协会').first().waitFor()
    await screenshot(page, 'activity-full')
    // The plan's bookkeeping is the organizers', and the sign-up state is said once, at the top.
    expect(await page.getByText('所属行动与工程').count()).toBe(0)

    // 3. Sign up the mother: she is first on the waitlist.
    const mother = personRow(page, '赵桂英')
    await mother.getByText('候补报名').click()
    await mother.getByText('候补第1位').waitFor()
    await screenshot(page, 'activity-waitlisted')

    // 4. Another resident, 王秀兰, cancels her seat in 我的报名.
    const senior = await phonePage(app.browser)
    await signIn(senior.page, '王秀兰')
    await openFresh(senior.page, `${app.url}/#/pages/registrations/index`)
    const item = senior.page.locator('.regs__item').filter({ hasText: LESSON })
    await item.getByText('取消报名').click()
    await confirmModal(senior.page)
    await item.getByText('已取消').waitFor()
    // It no longer counts as 即将参加: it is listed under 已取消.
    await senior.page.locator('.k-section').filter({ hasText: '已取消（' }).locator('.regs__item').filter({ hasText: LESSON }).waitFor()
    expect(await senior.page.locator('.k-section').filter({ hasText: '即将参加（' }).locator('.regs__item').filter({ hasText: LESSON }).count()).toBe(0)
    await screenshot(senior.page, 'registrations-cancelled')
    await senior.context.close()

    // 5. The mother has been promoted.
    await page.reload()
    await personRow(page, '赵桂英').getByText('已报名').waitFor()
    await openFresh(page, `${app.url}/#/pages/registrations/index`)
    await page.locator('.regs__item').filter({ hasText: LESSON }).filter({ hasText: '赵桂英' }).getByText('已报名').waitFor()
    await screenshot(page, 'registrations-promoted')
    await context.close()
  })
})
