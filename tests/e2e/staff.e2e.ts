// Staff in Chromium: 区科协管理员 invites an organizer for 区农业农村局 with a one-time code, 孙立新 (a new
// user who has not agreed to the privacy notice: becoming staff collects no personal data) redeems it
// and opens his unit's 签到台; the admin sees him with the grant in the log and revokes him, and his
// console is closed to him at once.
import type { Page } from 'playwright-core'
import { openFresh, phonePage, screenshot as screenshotNow, signIn as signInAt, useLocalApp } from './support'

const app = useLocalApp()
const signIn = (page: Page, name: string) => signInAt(page, app.url, name)
const STAFF_PAGE = '/#/packages/admin/pages/staff/index'
/** A seeded 区农业农村局 activity within the console's 60 days ahead. */
const FARM_ACTIVITY = 'act-gszn-4'

/**
 * A screenshot of the whole page once its slide-in transition has finished: Taro scrolls inside
 * .taro_page, so the viewport grows to the page's height for the shot and then goes back.
 */
async function screenshot(page: Page, name: string) {
  await page.waitForTimeout(700)
  const size = page.viewportSize()!
  const height = await page.evaluate(() => {
    ;(document.activeElement as HTMLElement | null)?.blur()
    const el = document.querySelector('.taro_page:not(.taro_page_shade)')
    // The whole page is shot, from its top (a focused input may have scrolled it).
    if (el) el.scrollTop = 0
    return el ? el.scrollHeight + (window.innerHeight - el.clientHeight) : window.innerHeight
  })
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 6000)) })
  await page.waitForTimeout(150)
  await screenshotNow(page, name)
  await page.setViewportSize(size)
  await page.waitForTimeout(150)
}

const horizontalOverflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)

/** Presses the confirm button of Taro's H5 modal (Taro.showModal). */
const confirmModal = (page: Page) => page.locator('.taro-model__confirm').click()

const joinInput = (page: Page) => page.locator('.join__input input, input.join__input').first()

/** In the admin page: the unit's chip, then a fresh invite; returns its code. */
async function makeInvite(page: Page, unit: string): Promise<string> {
  await page.locator('.k-chip', { hasText: unit }).click()
  await page.getByText(`为「${unit}」生成一次性邀请码`, { exact: false }).waitFor()
  await page.getByText('生成邀请码', { exact: true }).click()
  const code = (await page.locator('.staff__code').getAttribute('data-code')) ?? ''
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
  return code
}

describe('organizer staff', () => {
  it('lets 区科协 make 孙立新 an organizer of 区农业农村局 with a one-time code, and revoke him', async () => {
    const admin = await phonePage(app.browser)
    await signIn(admin.page, '区科协管理员')
    await openFresh(admin.page, `${app.url}/#/pages/profile/index`)
    await admin.page.getByText('组织者管理').click()
    await admin.page.getByText('选择单位').waitFor()
    // The overview of every unit: the seeded organizer of 区科学技术协会, set up outside the log.
    await admin.page.locator('.staff__row', { hasText: '陈静' }).getByText('初始设置的组织者（无授权记录）').waitFor()
    await screenshot(admin.page, 'staff-admin-overview')

    const code = await makeInvite(admin.page, '区农业农村局')
    await admin.page.locator('.staff__invite').getByText(/^有效期至 .+，仅可使用一次$/).waitFor()
    // In H5 the invite also travels as a link to the join page, shown as a QR.
    await admin.page.locator('.staff__link', { hasText: `packages/staff/pages/join/index?code=${code}` }).waitFor()
    await admin.page.locator('.staff__row', { hasText: '区农业农村局' }).getByText(/区科协管理员 于 .+ 生成，.+ 前有效/).waitFor()
    await screenshot(admin.page, 'staff-admin-invite')

    // 孙立新 types the code in 我的 → 输入组织者邀请码; a wrong one first.
    const sun = await phonePage(app.browser)
    await signIn(sun.page, '孙立新')
    await openFresh(sun.page, `${app.url}/#/pages/profile/index`)
    await sun.page.getByText('输入组织者邀请码').click()
    await joinInput(sun.page).waitFor()
    await joinInput(sun.page).fill('ABCD2345')
    await sun.page.locator('.k-button', { hasText: '成为组织者' }).click()
    await sun.page.getByText('组织者邀请码无效，请核对后重新输入').waitFor()
    await screenshot(sun.page, 'staff-join-wrong-code')
    await joinInput(sun.page).fill(`${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`)
    await sun.page.locator('.k-button', { hasText: '成为组织者' }).click()
    await sun.page.getByText('✓ 您已成为区农业农村局的组织者').waitFor()
    await sun.page.locator('.k-button', { hasText: '组织活动' }).waitFor()
    await screenshot(sun.page, 'staff-joined')

    // His unit's 签到台.
    await sun.page.locator('.k-button', { hasText: '去签到台' }).click()
    await sun.page.getByText('高素质农民培育·农村电商直播培训').first().waitFor()
    await openFresh(sun.page, `${app.url}/#/packages/console/pages/activity/index?id=${FARM_ACTIVITY}`)
    await sun.page.getByText('高素质农民培育·农村电商直播培训').first().waitFor()
    expect(await sun.page.getByText('无法访问').count()).toBe(0)
    await openFresh(sun.page, `${app.url}/#/pages/profile/index`)
    await sun.page.locator('.profile__role').getByText('组织者').waitFor()

    // The admin sees him with the grant, and the grant in the log; the code is no longer open.
    await openFresh(admin.page, `${app.url}${STAFF_PAGE}`)
    await admin.page.locator('.k-chip', { hasText: '区农业农村局' }).click()
    const row = admin.page.locator('.staff__row', { hasText: '孙立新' })
    await row.getByText(/由区科协管理员授权$/).waitFor()
    await admin.page.getByText('区科协管理员 授权「孙立新」为区农业农村局组织者').waitFor()
    await admin.page.getByText('未使用的邀请码（0）').waitFor()
    await screenshot(admin.page, 'staff-admin-granted')

    await row.getByText('撤销', { exact: true }).click()
    await admin.page.getByText(/确定撤销「孙立新」的区农业农村局组织者权限吗/).waitFor()
    await confirmModal(admin.page)
    await admin.page.getByText('区科协管理员 撤销了「孙立新」的区农业农村局组织者权限').waitFor()
    await admin.page.getByText('本单位还没有组织者，可在上方生成邀请码。').waitFor()
    await screenshot(admin.page, 'staff-admin-revoked')

    // At once: his console says 无法访问, and he is a resident again.
    await openFresh(sun.page, `${app.url}/#/packages/console/pages/activity/index?id=${FARM_ACTIVITY}`)
    await sun.page.getByText('无法访问').waitFor()
    await screenshot(sun.page, 'staff-revoked-console')
    await openFresh(sun.page, `${app.url}/#/pages/profile/index`)
    await sun.page.locator('.profile__role').getByText('居民').waitFor()
    await openFresh(sun.page, `${app.url}/#/packages/console/pages/list/index`)
    await sun.page.getByText('暂无可用的签到台').waitFor()

    await admin.context.close()
    await sun.context.close()
  })

  it('opens the join page from a link with the code filled in, in large font (关怀模式)', async () => {
    const admin = await phonePage(app.browser, { careMode: 'on' })
    await signIn(admin.page, '区科协管理员')
    await openFresh(admin.page, `${app.url}${STAFF_PAGE}`)
    await admin.page.locator('.k-page--care').first().waitFor()
    await admin.page.locator('.staff__row', { hasText: '陈静' }).waitFor()
    await screenshot(admin.page, 'staff-admin-overview-large')
    expect(await horizontalOverflow(admin.page)).toBeLessThanOrEqual(0)
    const code = await makeInvite(admin.page, '区卫生健康局')
    await admin.page.locator('.staff__row', { hasText: '区卫生健康局' }).waitFor()
    await screenshot(admin.page, 'staff-admin-invite-large')
    expect(await horizontalOverflow(admin.page)).toBeLessThanOrEqual(0)

    const resident = await phonePage(app.browser, { careMode: 'on' })
    await signIn(resident.page, '张明')
    await openFresh(resident.page, `${app.url}/#/packages/staff/pages/join/index?code=${code}`)
    await joinInput(resident.page).waitFor()
    expect(await joinInput(resident.page).inputValue()).toBe(code)
    await screenshot(resident.page, 'staff-join-large')
    expect(await horizontalOverflow(resident.page)).toBeLessThanOrEqual(0)
    await resident.page.locator('.k-button', { hasText: '成为组织者' }).click()
    await resident.page.getByText('✓ 您已成为区卫生健康局的组织者').waitFor()
    await screenshot(resident.page, 'staff-joined-large')

    // A mini-program code's scene (URL-encoded, as WeChat hands it to the page) opens it with the code too.
    const other = await phonePage(app.browser)
    await signIn(other.page, '刘建国')
    await openFresh(other.page, `${app.url}/#/packages/staff/pages/join/index?scene=${encodeURIComponent(`o=${code}`)}`)
    await joinInput(other.page).waitFor()
    expect(await joinInput(other.page).inputValue()).toBe(code)
    // The code is spent.
    await other.page.locator('.k-button', { hasText: '成为组织者' }).click()
    await other.page.getByText('该组织者邀请码已被使用').waitFor()

    await admin.context.close()
    await resident.context.close()
    await other.context.close()
  })
})
