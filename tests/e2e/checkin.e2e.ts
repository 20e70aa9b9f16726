// Check-in in the browser: a resident's ticket read from their page and submitted through the
// console's code path, the repeat, the activity-code flow, and an offline session that syncs once.
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { deriveActivityKey, fromBase64url, slotAt, ticketCode } from '../../src/domain/checkin/codes'
import type { ActivityId, RegistrationId } from '../../src/domain/ids'
import { openFresh, phonePage, pickDefault, screenshot, signIn as signInAt, useLocalApp } from './support'

const ACTIVITY = 'act-today-ai' as ActivityId
const TITLE = '科普大讲堂：人工智能与日常生活'
const CONSOLE = `/#/packages/console/pages/activity/index?id=${ACTIVITY}`

const app = useLocalApp()
const signIn = (page: Page, name: string) => signInAt(page, app.url, name)
const count = async (page: Page, key: 'registered' | 'checkedIn' | 'waitlisted' | 'absent') =>
  Number(await page.locator(`[data-count="${key}"] .counts__value`).innerText())
const result = (page: Page) => page.locator('.console__result')

async function submitCode(page: Page, code: string) {
  await page.locator('input[placeholder="输入或粘贴签到码"]').fill(code)
  await page.locator('.scan__submit').click()
}

/** Reads the seeded database (read-only) for registrations not yet checked in. */
function waitingRegistrations(dbFile: string, n: number): RegistrationId[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true })
  try {
    const rows = db
      .prepare("SELECT id FROM registrations WHERE activity_id = ? AND status = 'confirmed' AND checked_in_at IS NULL AND person_id LIKE 'seed-p-%' ORDER BY id LIMIT ?")
      .all(ACTIVITY, n) as { id: RegistrationId }[]
    return rows.map((r) => r.id)
  } finally {
    db.close()
  }
}

function checkInRows(dbFile: string): { total: number; registrations: number } {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true })
  try {
    return db.prepare("SELECT COUNT(*) AS total, COUNT(DISTINCT registration_id) AS registrations FROM checkins WHERE activity_id = ? AND kind = 'in'").get(ACTIVITY) as { total: number; registrations: number }
  } finally {
    db.close()
  }
}

describe('check-in at the console', () => {
  it('scans a resident’s ticket from their page, then the same code again, then the activity code', async () => {
    const parent = await phonePage(app.browser)
    await signIn(parent.page, '李娜')
    await openFresh(parent.page, `${app.url}/#/pages/tickets/index`)
    const motherTicket = parent.page.locator('.ticket').filter({ hasText: '赵桂英' }).filter({ hasText: TITLE })
    const code = await motherTicket.locator('[data-code]').first().getAttribute('data-code')
    expect(code).toMatch(/^KP1\.T\./)
    await screenshot(parent.page, 'tickets')

    const organizer = await phonePage(app.browser)
    await signIn(organizer.page, '陈静')
    await openFresh(organizer.page, app.url + CONSOLE)
    await organizer.page.getByText(TITLE).first().waitFor()
    const before = await count(organizer.page, 'checkedIn')

    // 1. The ticket goes through the scanner's code path and the count goes up.
    await submitCode(organizer.page, code!)
    await result(organizer.page).getByText('签到成功').waitFor()
    await result(organizer.page).getByText('赵桂英').waitFor()
    await organizer.page.waitForFunction((b) => Number(document.querySelector('[data-count="checkedIn"] .counts__value')?.textContent) === b + 1, before)
    await screenshot(organizer.page, 'console-checked-in')

    // 2. The same code again is 已签到, not an error, and counts nothing.
    await submitCode(organizer.page, code!)
    await result(organizer.page).getByText('已签到').waitFor()
    expect(await count(organizer.page, 'checkedIn')).toBe(before + 1)

    // 3. The activity code: the organizer shows it, the resident opens it and checks herself in.
    await organizer.page.locator('.console__tabs').getByText('活动签到码').click()
    const activityCode = await organizer.page.locator('.acode [data-code]').first().getAttribute('data-code')
    expect(activityCode).toMatch(/^KP1\.A\./)
    await screenshot(organizer.page, 'console-activity-code')
    await openFresh(parent.page, `${app.url}/#/pages/checkin/index?c=${encodeURIComponent(activityCode!)}`)
    await parent.page.getByText('确认签到').first().waitFor()
    await parent.page.getByText(/确认签到（\d人）/).click()
    await parent.page.locator('.selfcheck__results').getByText('签到成功').first().waitFor()
    await screenshot(parent.page, 'self-checkin')
    await organizer.page.reload()
    await organizer.page.getByText(TITLE).first().waitFor()
    await organizer.page.waitForFunction((b) => Number(document.querySelector('[data-count="checkedIn"] .counts__value')?.textContent) >= b + 2, before)

    await parent.context.close()
    await organizer.context.close()
  })

  it('keeps working offline: three check-ins queue, sync once when back online, and nothing is duplicated', async () => {
    const key = deriveActivityKey(fromBase64url(fs.readFileSync(path.join(path.dirname(app.dbFile), 'signing.key'), 'utf8').trim())!, ACTIVITY)
    const regs = waitingRegistrations(app.dbFile, 3)
    expect(regs).toHaveLength(3)
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '陈静')
    await openFresh(page, app.url + CONSOLE)
    await page.getByText(TITLE).first().waitFor()
    await page.getByText('下载离线数据', { exact: true }).click()
    await page.getByText(/已下载 \d+ 人的名单/).waitFor()
    const before = await count(page, 'checkedIn')
    const rowsBefore = checkInRows(app.dbFile)

    await context.setOffline(true)
    await page.getByText('离线模式').waitFor()
    for (const reg of regs) {
      await submitCode(page, ticketCode(key, ACTIVITY, reg, slotAt(new Date().toISOString())))
      await result(page).getByText('签到成功').waitFor()
    }
    await page.locator('[data-pending="3"]').first().waitFor()
    expect(await count(page, 'checkedIn')).toBe(before + 3)
    // A repeat offline is 已签到 and queues nothing more.
    await submitCode(page, ticketCode(key, ACTIVITY, regs[0], slotAt(new Date().toISOString())))
    await result(page).getByText('已签到').waitFor()
    await page.locator('[data-pending="3"]').first().waitFor()
    await screenshot(page, 'console-offline')
    expect(checkInRows(app.dbFile)).toEqual(rowsBefore)

    await context.setOffline(false)
    // Back online the console syncs by itself; the report says three went through.
    await page.locator('.offline__report[data-sync-ok="3"]').waitFor({ timeout: 30_000 })
    await page.getByText('立即同步（待同步 0 条）').waitFor()
    await page.reload()
    await page.getByText(TITLE).first().waitFor()
    await page.waitForFunction((b) => Number(document.querySelector('[data-count="checkedIn"] .counts__value')?.textContent) === b + 3, before)
    const rowsAfter = checkInRows(app.dbFile)
    expect(rowsAfter.total).toBe(rowsBefore.total + 3)
    expect(rowsAfter.registrations).toBe(rowsAfter.total)
    await context.close()
  })

  it('adds a walk-in child at the console only with the guardian’s consent', async () => {
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '陈静')
    await openFresh(page, app.url + CONSOLE)
    await page.getByText(TITLE).first().waitFor()
    const before = await count(page, 'checkedIn')
    await page.locator('.console__tabs .k-chip', { hasText: '现场报名' }).click()
    await page.locator('input[placeholder="参与人姓名"]').fill('小明')
    await page.locator('.walkin__chips .k-chip', { hasText: '青少年' }).click()
    await pickDefault(page, '镇街：未选择')
    // A 青少年 needs a birth year; under 14 the guardian on the spot has to agree.
    await page.getByText('现场报名并签到').click()
    await page.locator('.k-inline-error').getByText('青少年现场报名请填写出生年份').waitFor()
    await page.locator('input[placeholder="如 2016，成人可不填"]').fill('2016')
    await page.getByText('现场报名并签到').click()
    await page.locator('.k-inline-error').getByText('未满14周岁的参与人需要监护人同意').waitFor()
    expect(await count(page, 'checkedIn')).toBe(before)
    await page.getByText('监护人在场，同意登记孩子的信息').click()
    await screenshot(page, 'console-walkin-child')
    await page.getByText('现场报名并签到').click()
    await result(page).getByText('签到成功').waitFor()
    await page.waitForFunction((b) => Number(document.querySelector('[data-count="checkedIn"] .counts__value')?.textContent) === b + 1, before)
    const db = new Database(app.dbFile, { readonly: true, fileMustExist: true })
    try {
      const row = db.prepare("SELECT birth_year AS birthYear, guardian_consent_at AS consentAt FROM persons WHERE name = '小明'").get() as { birthYear: number; consentAt: string | null }
      expect(row.birthYear).toBe(2016)
      expect(row.consentAt).not.toBeNull()
    } finally {
      db.close()
    }
    await context.close()
  })
})
