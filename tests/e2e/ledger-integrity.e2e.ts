// Closed years and closed attendance in the browser: in December 2026 the dashboard says no plan is in
// force and an admin starts the successor from it; a finalised activity's console takes no more ticks,
// an admin corrects one attendance with a reason, and the correction is in 修改记录 and in the ledger.
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { openFresh, phonePage, screenshot, signIn as signInAt, useLocalApp } from './support'

const app = useLocalApp()
const signIn = (page: Page, name: string) => signInAt(page, app.url, name)
const DASHBOARD = '/#/packages/ledger/pages/dashboard/index'
const overflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)

/** A finalised 区科协 activity of the seed with someone who did not come, read from the database. */
function finalisedWithAbsentee(): { activityId: string; title: string; registrationId: string; name: string } {
  const db = new Database(app.dbFile, { readonly: true })
  try {
    return db
      .prepare(
        `SELECT a.id AS activityId, a.title AS title, r.id AS registrationId, p.name AS name
         FROM activities a JOIN registrations r ON r.activity_id = a.id JOIN persons p ON p.id = r.person_id
         WHERE a.department_code = 'kx' AND a.attendance_closed_at IS NOT NULL AND a.course_id IS NULL
           AND r.status = 'confirmed' AND r.attendance = 'no_show'
         ORDER BY a.start_at DESC, r.id LIMIT 1`,
      )
      .get() as never
  } finally {
    db.close()
  }
}

const factExists = (registrationId: string): boolean => {
  const db = new Database(app.dbFile, { readonly: true })
  try {
    return !!db.prepare('SELECT 1 FROM ledger_facts WHERE registration_id = ?').get(registrationId)
  } finally {
    db.close()
  }
}

describe('closed years and closed attendance', () => {
  it('says no plan is in force once the plan has ended, and lets the admin start the successor', async () => {
    for (const [name, fontScale] of [['normal', 1], ['large-font', 1.5]] as const) {
      const { context, page } = await phonePage(app.browser, { fontScale })
      await signIn(page, '区科协管理员')
      await openFresh(page, app.url + DASHBOARD)
      await page.getByText('当前没有正在执行的规划').waitFor()
      await page.getByText(/已于 2025年12月31日 结束/).waitFor()
      await page.locator('.ledger-card__period-note').first().waitFor()
      expect(await page.locator('.ledger-card__period-note').first().innerText()).toMatch(/本年度（\d{4}年）不在本规划期内/)
      await screenshot(page, `ledger-no-plan-${name}`)
      expect(await overflow(page)).toBe(0)
      await context.close()
    }

    const { context, page } = await phonePage(app.browser)
    await signIn(page, '区科协管理员')
    await openFresh(page, app.url + DASHBOARD)
    await page.getByText(/^开始\d{4}—\d{4}年规划（沿用本规划指标）$/).click()
    const name = page.locator('taro-input-core[aria-label="新规划名称"] input')
    expect(await name.inputValue()).toMatch(/环翠区全民科学素质行动规划纲要实施方案（\d{4}—\d{4}年）/)
    await screenshot(page, 'ledger-successor-form')
    await page.getByText('确认新建', { exact: true }).click()
    await page.getByText('当前没有正在执行的规划').waitFor({ state: 'detached' })
    // The dashboard now opens on the new plan, in force today.
    await page.getByText(/^规划期：(?!2021)\d{4}-01-01 至 \d{4}-12-31$/).waitFor()
    expect(await page.locator('.ledger-card__period-note').count()).toBe(0)
    await screenshot(page, 'ledger-successor-started')
    await context.close()
  })

  it('closes a finalised activity to check-ins, and lets an admin correct one attendance with a reason', async () => {
    const target = finalisedWithAbsentee()
    expect(factExists(target.registrationId)).toBe(false)
    const consoleUrl = `${app.url}/#/packages/console/pages/activity/index?id=${encodeURIComponent(target.activityId)}`

    // The organizer sees that check-in is closed, and cannot tick anyone.
    const organizer = await phonePage(app.browser)
    await signIn(organizer.page, '陈静')
    await openFresh(organizer.page, consoleUrl)
    await organizer.page.getByText(/出勤已确认，签到已关闭。如有差错，请联系区科协管理员更正。/).waitFor()
    expect(await organizer.page.getByText('手动签到', { exact: true }).count()).toBe(0)
    expect(await organizer.page.getByText('更正出勤', { exact: true }).count()).toBe(0)
    await organizer.context.close()

    // Large font first (the form is only looked at), then the correction itself at normal size.
    for (const [name, fontScale] of [['large-font', 1.5], ['normal', 1]] as const) {
      const { context, page } = await phonePage(app.browser, { fontScale })
      await signIn(page, '区科协管理员')
      await openFresh(page, consoleUrl)
      await page.getByText(/出勤已确认，签到已关闭。如有差错，可在下方更正出勤/).waitFor()
      // Find the person as the admin would: by name in the roster's search.
      await page.locator('taro-input-core[aria-label="搜索名单"] input').fill(target.name)
      const row = page.locator(`[data-registration="${target.registrationId}"]`)
      await row.getByText('缺席').waitFor()
      await row.getByText('更正出勤', { exact: true }).click()
      await row.locator('taro-input-core[aria-label="更正原因"] input').waitFor()
      await screenshot(page, `console-correct-${name}`)
      expect(await overflow(page)).toBe(0)
      if (name === 'normal') {
        // Too short a reason is refused on the page.
        await row.locator('taro-input-core[aria-label="更正原因"] input').fill('补')
        await row.getByText('确认补记', { exact: true }).click()
        await row.getByText('请填写更正原因（2至200字）').waitFor()
        await row.locator('taro-input-core[aria-label="更正原因"] input').fill('纸质签到表上有本人签名')
        await row.getByText('确认补记', { exact: true }).click()
        await row.getByText(/已签到/).waitFor()
      }
      await context.close()
    }
    expect(factExists(target.registrationId)).toBe(true)

    const { context, page } = await phonePage(app.browser)
    await signIn(page, '区科协管理员')
    await openFresh(page, `${app.url}/#/packages/ledger/pages/changes/index?activityId=${encodeURIComponent(target.activityId)}`)
    const entry = page.locator('[data-correction]').first()
    await entry.waitFor()
    const text = await entry.innerText()
    expect(text).toContain(target.name)
    expect(text).toContain('补记出勤')
    expect(text).toContain('原因：纸质签到表上有本人签名')
    expect(text).toContain('区科协管理员')
    await screenshot(page, 'ledger-changes')
    await context.close()
  })
})
