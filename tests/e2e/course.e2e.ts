// 系列课程 in the browser: the organizer creates a 4-lesson course, a daughter signs her mother up for
// the whole course, the organizer ticks the mother in at three lessons, the mother completes, and the
// certificate is downloaded and verified by its code on the public page. Screenshots of every course
// page in normal and large font.
import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { phonePage, screenshot, signIn as signInAt, useLocalApp, openFresh } from './support'

const app = useLocalApp()
const signIn = (page: Page, name: string) => signInAt(page, app.url, name)
const TITLE = '智慧助老 手机课堂（秋季班）'
const LESSONS = ['微信视频通话', '防范电信诈骗', '手机支付', '预约挂号']

/** Shanghai wall-clock 'YYYY-MM-DDTHH:mm' of now + minutes (a datetime-local value). */
const wallClock = (minutes: number) => new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16)

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}

async function shoot(page: Page, name: string) {
  await page.waitForTimeout(300)
  await expectNoHorizontalScroll(page)
  await screenshot(page, name)
}

/** Agrees to the privacy notice if the app asks for it before the sign-up. */
async function agreeIfAsked(page: Page) {
  const agree = page.getByText('同意并继续', { exact: true })
  if (await agree.isVisible().catch(() => false)) await agree.click()
}

let courseId = ''
let lessonIds: string[] = []
let verificationCode = ''

describe('a 4-lesson course from creation to a verified certificate', () => {
  it('1. the organizer 陈静 creates the course in the app', async () => {
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '陈静')
    await openFresh(page, `${app.url}/#/packages/course/pages/edit/index`)
    await page.getByText('课时安排（共4节）').waitFor()
    await page.locator('input[placeholder="例如：智慧助老 手机课堂"]').fill(TITLE)
    await page.locator('input[placeholder="例如：社区科普大学教学点"]').fill('鲸园街道社区科普大学教学点')
    await page.locator('select[aria-label="镇街"]').selectOption({ label: '鲸园街道' })
    // Lessons 1–3 start within the next two hours (check-in is open two hours before), lesson 4 in a week.
    const starts = [30, 60, 90, 7 * 24 * 60]
    for (const [i, title] of LESSONS.entries()) {
      await page.locator(`[data-lesson="${i + 1}"] input[placeholder="例如：微信视频通话"]`).fill(title)
      await page.locator(`input[aria-label="第${i + 1}课开始时间"]`).fill(wallClock(starts[i]))
    }
    await shoot(page, 'course-edit-normal')
    await page.getByText('创建课程', { exact: true }).click()
    await page.waitForURL(/packages\/course\/pages\/manage/)
    courseId = decodeURIComponent(/id=([^&]+)/.exec(page.url())![1])
    await page.getByText('学员进度').waitFor()
    await page.getByText('还没有人报名').waitFor()
    await context.close()
  })

  it('2. 李娜 signs her mother 赵桂英 up for the whole course in one go', async () => {
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '李娜')
    await openFresh(page, `${app.url}/#/packages/course/pages/detail/index?id=${encodeURIComponent(courseId)}`)
    await page.getByText(TITLE).first().waitFor()
    await page.getByText('出席4节中的3节即可结业', { exact: false }).first().waitFor()
    const mother = page.locator('[data-person="赵桂英"]')
    await mother.getByText('报名整期课程').click()
    await agreeIfAsked(page)
    await mother.getByText('已报名').waitFor()
    await mother.getByText('已上 0/4 课', { exact: false }).waitFor()
    // Only the mother is signed up, not the daughter's own person.
    await page.locator('[data-person="李娜"]').getByText('未报名').waitFor()
    await shoot(page, 'course-detail-normal')
    await context.close()
  })

  it('3. the organizer ticks her in at lessons 1–3 in the console, and she completes', async () => {
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '陈静')
    await openFresh(page, `${app.url}/#/packages/course/pages/manage/index?id=${encodeURIComponent(courseId)}`)
    await page.locator('[data-person="赵桂英"]').waitFor()
    await shoot(page, 'course-manage-normal')
    const links = page.getByText('进入签到台 ›')
    expect(await links.count()).toBe(4)
    for (let i = 0; i < 3; i++) {
      await openFresh(page, `${app.url}/#/packages/course/pages/manage/index?id=${encodeURIComponent(courseId)}`)
      await page.getByText('进入签到台 ›').nth(i).click()
      await page.waitForURL(/packages\/console\/pages\/activity/)
      lessonIds[i] = decodeURIComponent(/id=([^&]+)/.exec(page.url())![1])
      const row = page.locator('.roster__row').filter({ hasText: '赵桂英' })
      await row.getByText('手动签到').click()
      await row.locator('input[placeholder="例如：手机没电，核对身份证"]').fill('老人未带手机，核对身份证')
      await row.getByText('确认签到').click()
      await page.locator('.console__result').getByText('签到成功').waitFor()
    }
    expect(new Set(lessonIds).size).toBe(3)
    await openFresh(page, `${app.url}/#/packages/course/pages/manage/index?id=${encodeURIComponent(courseId)}`)
    const mother = page.locator('[data-person="赵桂英"]')
    await mother.getByText('已结业 ✓').waitFor()
    await mother.getByText('已上 3/4 课', { exact: false }).waitFor()
    await context.close()
  })

  it('4. 李娜 sees 已上 3/4 课 and 已结业, downloads the certificate, and anyone verifies its code', async () => {
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '李娜')
    await openFresh(page, `${app.url}/#/packages/course/pages/mine/index`)
    const card = page.locator(`[data-course="${TITLE}"]`)
    await card.getByText('已上 3/4 课 · 已结业 ✓').waitFor()
    await card.getByText('参与人：赵桂英（家人）').waitFor()
    await shoot(page, 'course-mine-normal')
    await card.getByText('结业证书').click()
    await page.waitForURL(/packages\/course\/pages\/certificate/)
    verificationCode = (await page.locator('[data-code]').first().getAttribute('data-code')) ?? ''
    expect(verificationCode).toMatch(/^[0-9A-Z]{10}-[0-9A-Z]{8}$/)
    await shoot(page, 'course-certificate-normal')

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('下载证书图片').click()])
    expect(download.suggestedFilename()).toMatch(/^结业证书-赵桂英-[0-9A-Z]{10}\.svg$/)
    const svg = fs.readFileSync((await download.path())!, 'utf8')
    expect(svg).toContain('<svg')
    expect(svg).toContain('赵桂英')
    expect(svg).toContain(TITLE)
    expect(svg).toContain('区科学技术协会')
    expect(svg).toContain(verificationCode)
    await page.getByText(/已下载 结业证书-赵桂英/).waitFor()
    await context.close()

    // The public verify page, without signing in.
    const anon = await phonePage(app.browser)
    await openFresh(anon.page, `${app.url}/#/packages/course/pages/verify/index`)
    await anon.page.locator('input[placeholder="证书验证码"]').fill(verificationCode.toLowerCase())
    await anon.page.getByText('验证', { exact: true }).click()
    await anon.page.getByText('✓ 证书有效').waitFor()
    await anon.page.getByText('赵*英').waitFor()
    await anon.page.getByText(TITLE).waitFor()
    expect(await anon.page.getByText('赵桂英').count()).toBe(0)
    await shoot(anon.page, 'course-verify-normal')
    const wrong = verificationCode.slice(0, -1) + (verificationCode.endsWith('A') ? 'B' : 'A')
    await anon.page.locator('input[placeholder="证书验证码"]').fill(wrong)
    await anon.page.getByText('验证', { exact: true }).click()
    await anon.page.getByText('证书编号无效').waitFor()
    await shoot(anon.page, 'course-verify-invalid-normal')
    await anon.context.close()
  })

  it('5. every course page in large font (关怀模式) has no horizontal scrolling', async () => {
    const pages: Array<[string, string, string, string | null]> = [
      ['course-detail', `/#/packages/course/pages/detail/index?id=${encodeURIComponent(courseId)}`, '课程安排', '李娜'],
      ['course-mine', '/#/packages/course/pages/mine/index', '已上 3/4 课', '李娜'],
      ['course-certificate', `/#/packages/course/pages/certificate/index?courseId=${encodeURIComponent(courseId)}&personId=per-zhao-guiying`, '下载证书图片', '李娜'],
      ['course-verify', `/#/packages/course/pages/verify/index?code=${encodeURIComponent(verificationCode)}`, '证书有效', null],
      ['course-edit', '/#/packages/course/pages/edit/index', '课时安排', '陈静'],
      ['course-manage', `/#/packages/course/pages/manage/index?id=${encodeURIComponent(courseId)}`, '学员进度', '陈静'],
      ['course-organized', '/#/packages/course/pages/organized/index', TITLE, '陈静'],
      ['course-seeded', '/#/packages/course/pages/detail/index?id=crs-zhzl-spring', '课程安排', '王秀兰'],
      ['course-lesson-activity', '/#/pages/activity/index?id=act-zhzl-1', '本活动是系列课程中的一节', '李娜'],
      ['course-console-list', '/#/packages/console/pages/list/index', '系列课程管理', '陈静'],
    ]
    for (const [name, path, text, who] of pages) {
      const { context, page } = await phonePage(app.browser, { fontScale: 1.25 })
      if (who) await signIn(page, who)
      await openFresh(page, app.url + path)
      await page.getByText(text).first().waitFor()
      await shoot(page, `${name}-large-font`)
      await context.close()
    }
  })
})
