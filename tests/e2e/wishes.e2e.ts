// 点单 in Chromium: 王秀兰 suggests a topic (a too-short one first, the mistake shown next to the field);
// 张明 supports it (支持 2, then 已支持); 陈静 (organizer) opens 据此创建活动 from the list, finds the form
// prefilled and the line 回应点单, and submits it; the wish stays 征集中 until 区科协管理员 approves, then
// shows 已安排 with a link that opens the activity. Screenshots of the list, normal and 关怀模式.
import type { Page } from 'playwright-core'
import { openFresh, phonePage, screenshot as screenshotNow, signIn as signInAt, useLocalApp } from './support'

const app = useLocalApp()
const signIn = (page: Page, name: string) => signInAt(page, app.url, name)
const WISHES = '/#/packages/wishes/pages/list/index'
const REVIEW = '/#/packages/organize/pages/review/index'
const TOPIC = '老年人手机防诈骗'

/** The wishes page being shown (Taro H5 keeps earlier pages in the DOM). */
const current = (page: Page) => page.locator('.taro_page:not(.taro_page_shade) .wishes').last()
const card = (page: Page, title: string) => current(page).locator('.wish').filter({ hasText: title })
const input = (page: Page, label: string) => current(page).locator(`taro-input-core[aria-label="${label}"] input`)
const overflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)

/** The whole page once its slide-in has finished (Taro scrolls inside .taro_page). */
async function screenshot(page: Page, name: string) {
  await page.waitForTimeout(700)
  const size = page.viewportSize()!
  const height = await page.evaluate(() => {
    ;(document.activeElement as HTMLElement | null)?.blur()
    const el = document.querySelector('.taro_page:not(.taro_page_shade)')
    if (el) el.scrollTop = 0
    return el ? el.scrollHeight + (window.innerHeight - el.clientHeight) : window.innerHeight
  })
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 6000)) })
  await page.waitForTimeout(150)
  await screenshotNow(page, name)
  await page.setViewportSize(size)
  await page.waitForTimeout(150)
}

describe('点单·我想学', () => {
  it('suggest, support, answer with an activity, and show 已安排 with a link once it is published', async () => {
    // 王秀兰 finds 点单 in 我的 and suggests a topic; a one-character one first.
    const wang = await phonePage(app.browser)
    await signIn(wang.page, '王秀兰')
    await openFresh(wang.page, `${app.url}/#/pages/profile/index`)
    await wang.page.getByText('点单·我想学').click()
    await current(wang.page).getByText('还没有人点单').waitFor()
    await screenshot(wang.page, 'wishes-empty')
    await input(wang.page, '主题').fill('防')
    await current(wang.page).locator('.wishes__send').click()
    await current(wang.page).locator('[data-error-for="title"]').getByText('请填写想学的主题（2至40字）').waitFor()
    await current(wang.page).locator('[data-error-for="targetGroup"]').getByText('请选择面向人群').waitFor()
    await input(wang.page, '主题').fill(TOPIC)
    await current(wang.page).locator('taro-textarea-core[aria-label="说明"] textarea').fill('怎么识别诈骗电话、短信和陌生链接')
    await current(wang.page).locator('select[aria-label="面向人群"]').selectOption({ label: '老年人' })
    await current(wang.page).locator('select[aria-label="镇街"]').selectOption({ index: 1 })
    const town = (await current(wang.page).locator('select[aria-label="镇街"] option:checked').textContent()) ?? ''
    await current(wang.page).locator('.wishes__send').click()
    await card(wang.page, TOPIC).getByText('已支持').waitFor()
    await card(wang.page, TOPIC).getByText(`面向：老年人`).waitFor()
    await card(wang.page, TOPIC).getByText(town).waitFor()
    expect(await card(wang.page, TOPIC).locator('.wish__count').textContent()).toBe('1')
    expect(await current(wang.page).locator('[data-error-for]').count()).toBe(0)

    // 张明 supports it: 支持 2, and the button says 已支持; a reload keeps it.
    const zhang = await phonePage(app.browser)
    await signIn(zhang.page, '张明')
    await openFresh(zhang.page, app.url + WISHES)
    await card(zhang.page, TOPIC).getByText('征集中').waitFor()
    expect(await card(zhang.page, TOPIC).getByText('据此创建活动').count()).toBe(0)
    await card(zhang.page, TOPIC).getByText('我也想要').click()
    await card(zhang.page, TOPIC).getByText('已支持').waitFor()
    expect(await card(zhang.page, TOPIC).locator('.wish__count').textContent()).toBe('2')
    await openFresh(zhang.page, app.url + WISHES)
    await card(zhang.page, TOPIC).getByText('已支持').waitFor()
    expect(await card(zhang.page, TOPIC).locator('.wish__count').textContent()).toBe('2')
    await screenshot(zhang.page, 'wishes-list')
    expect(await overflow(zhang.page)).toBeLessThanOrEqual(0)

    // 陈静 opens 据此创建活动 from the organizer home → 点单·我想学.
    const chen = await phonePage(app.browser)
    await signIn(chen.page, '陈静')
    await openFresh(chen.page, `${app.url}/#/packages/organize/pages/home/index`)
    await chen.page.locator('.organize-home').getByText('点单·我想学', { exact: true }).click()
    await card(chen.page, TOPIC).getByText('据此创建活动').waitFor()
    await screenshot(chen.page, 'wishes-organizer')
    await card(chen.page, TOPIC).getByText('据此创建活动').click()
    const edit = chen.page.locator('.organize-edit').last()
    await edit.getByText(`回应点单：${TOPIC}`).waitFor()
    const title = edit.locator('taro-input-core[aria-label="活动名称"] input')
    expect(await title.inputValue()).toBe(TOPIC)
    await edit.locator('taro-input-core[aria-label="活动地点"] input').fill('社区活动中心')
    await screenshot(chen.page, 'wishes-answer-form')
    expect(await edit.locator('select[aria-label="镇街"] option:checked').textContent()).toBe(town)
    await edit.getByText('提交审核', { exact: true }).click()
    await chen.page.locator('.organize-item').filter({ hasText: TOPIC }).getByText('待审核').first().waitFor()

    // Submitted, not yet published: still 征集中.
    await openFresh(zhang.page, app.url + WISHES)
    await card(zhang.page, TOPIC).getByText('征集中').waitFor()
    expect(await card(zhang.page, TOPIC).locator('.wish__arranged').count()).toBe(0)

    // 区科协管理员 approves it.
    const admin = await phonePage(app.browser)
    await signIn(admin.page, '区科协管理员')
    await openFresh(admin.page, app.url + REVIEW)
    await admin.page.locator('.organize-item').filter({ hasText: TOPIC }).getByText('通过并发布').click()
    await admin.page.getByText('没有待审核的活动').waitFor()

    // The wish is 已安排, with the activity; the link opens it.
    await openFresh(zhang.page, app.url + WISHES)
    await card(zhang.page, TOPIC).getByText('已安排').first().waitFor()
    await card(zhang.page, TOPIC).locator('.wish__arranged').getByText(TOPIC).waitFor()
    expect(await card(zhang.page, TOPIC).getByText('我也想要').count()).toBe(0)
    await screenshot(zhang.page, 'wishes-arranged')
    await card(zhang.page, TOPIC).locator('.wish__arranged').click()
    await zhang.page.waitForFunction(() => location.hash.includes('pages/activity/index?id='))
    await zhang.page.locator('.taro_page:not(.taro_page_shade)').last().getByText(TOPIC).first().waitFor()
    await zhang.page.locator('.taro_page:not(.taro_page_shade)').last().getByText('社区活动中心').first().waitFor()

    for (const p of [wang, zhang, chen, admin]) await p.context.close()
  })

  it('reads well in care mode, and anonymous visitors see the list with a sign-in button', async () => {
    const resident = await phonePage(app.browser, { careMode: 'on' })
    await signIn(resident.page, '刘建国')
    await openFresh(resident.page, app.url + WISHES)
    await resident.page.locator('.k-page--care').first().waitFor()
    await card(resident.page, TOPIC).waitFor()
    await input(resident.page, '主题').fill('家庭急救：心肺复苏和海姆立克急救法')
    await current(resident.page).locator('.wishes__send').click()
    await current(resident.page).locator('[data-error-for="targetGroup"]').waitFor()
    await screenshot(resident.page, 'wishes-list-care')
    expect(await overflow(resident.page)).toBeLessThanOrEqual(0)

    const anon = await phonePage(app.browser)
    await openFresh(anon.page, app.url + WISHES)
    await card(anon.page, TOPIC).getByText('已安排').first().waitFor()
    await current(anon.page).getByText('登录后提主题、点「我也想要」').waitFor()
    expect(await current(anon.page).locator('taro-input-core[aria-label="主题"]').count()).toBe(0)

    await resident.context.close()
    await anon.context.close()
  })
})
