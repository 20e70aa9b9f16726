// The plan ledger in the browser: an admin sees the seeded figures, filters by area, and downloads the
// indicator table as XLSX whose figures equal those on screen.
import fs from 'node:fs'
import Database from 'better-sqlite3'
import readXlsxFile from 'read-excel-file/node'
import type { Page } from 'playwright-core'
import { phonePage, screenshot, signIn as signInAt, useLocalApp, openFresh } from './support'

const app = useLocalApp()
const signIn = (page: Page, name: string) => signInAt(page, app.url, name)
const DASHBOARD = '/#/packages/ledger/pages/dashboard/index'
const FARMERS = 'plan-2021-2025-farmers'

const cardValue = async (page: Page, id: string) => page.locator(`[data-indicator="${id}"] .ledger-card__value`).first().getAttribute('data-value')

describe('the plan ledger dashboard', () => {
  it('shows the seeded figures, filters by area, and exports the figures on screen', async () => {
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '区科协管理员')
    await openFresh(page, app.url + DASHBOARD)
    await page.locator(`[data-indicator="${FARMERS}"]`).first().waitFor()
    const all = Number(await cardValue(page, FARMERS))
    expect(all).toBeGreaterThan(0)
    await screenshot(page, 'ledger-dashboard')

    // Filter by area: 张村镇 holds the spring farmer trainings, so the figure shrinks but stays positive.
    await page.getByLabel('镇街').first().selectOption({ label: '张村镇' })
    await page.waitForFunction(
      ([id, before]) => {
        const v = document.querySelector(`[data-indicator="${id}"] .ledger-card__value`)?.getAttribute('data-value')
        return v !== null && v !== undefined && v !== '' && Number(v) !== before
      },
      [FARMERS, all] as const,
    )
    const inArea = Number(await cardValue(page, FARMERS))
    expect(inArea).toBeGreaterThan(0)
    expect(inArea).toBeLessThan(all)

    // Download the indicator table and compare it with the screen.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('导出指标表', { exact: true }).click()])
    expect(download.suggestedFilename()).toMatch(/^科普环翠_指标汇总_.*张村镇.*\.xlsx$/)
    const file = await download.path()
    const [sheet] = await readXlsxFile(fs.readFileSync(file!))
    const rows = sheet.data as unknown[][]
    const name = await page.locator(`[data-indicator="${FARMERS}"]`).first().getAttribute('data-name')
    const row = rows.find((r) => (name ? r[0] === name : String(r[0]).includes('高素质农民')))!
    expect(row[1]).toBe(inArea)
    await context.close()
  })

  it('lets an admin edit an indicator with an audit trail, refuses a negative target, and takes an entered figure', async () => {
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '区科协管理员')
    const TUTORS = 'plan-2021-2025-science-tutors'
    await openFresh(page, `${app.url}/#/packages/ledger/pages/indicator/index?id=${TUTORS}&planId=plan-2021-2025`)
    // Taro renders an Input as a custom element around the real <input>.
    const field = (label: string) => page.locator(`taro-input-core[aria-label="${label}"] input`)
    const target = field('目标值')
    await target.waitFor()
    await page.getByText('暂无修改记录').waitFor()

    await target.fill('-5')
    await page.getByText('保存指标', { exact: true }).click()
    await page.getByText('目标值不能为负数').first().waitFor()
    await target.fill('60')
    await page.getByText('保存指标', { exact: true }).click()
    // The audit trail shows who changed what.
    await page.locator('.ind__change').first().waitFor()
    expect(await page.locator('.ind__change').count()).toBe(1)
    expect(await page.locator('.ind__change').first().innerText()).toContain('区科协管理员')
    expect(await page.locator('.ind__change').first().innerText()).toMatch(/目标.*50.*60/)
    await screenshot(page, 'ledger-indicator-edit')

    // An entered figure with its source: the literacy survey.
    await openFresh(page, `${app.url}/#/packages/ledger/pages/indicator/index?id=plan-2021-2025-literacy&planId=plan-2021-2025`)
    await field('填报数值').fill('15.2')
    await field('数据来源').fill('2025年威海市公民科学素质抽样调查')
    await page.getByText('提交填报', { exact: true }).click()
    await page.locator('.ind__change').first().waitFor()
    await openFresh(page, app.url + DASHBOARD)
    await page.locator(`[data-indicator="${TUTORS}"]`).first().waitFor()
    expect(await page.locator(`[data-indicator="${TUTORS}"] .ledger-card__target`).first().innerText()).toContain('60')
    expect(await cardValue(page, 'plan-2021-2025-literacy')).toBe('15.2')
    await context.close()
  })

  it('reads well on a phone: normal, narrow and large-font dashboards without horizontal scrolling', async () => {
    for (const [name, width, fontScale] of [['normal', 375, 1], ['narrow', 320, 1], ['large-font', 375, 1.5]] as const) {
      const { context, page } = await phonePage(app.browser, { fontScale })
      await page.setViewportSize({ width, height: 812 })
      await signIn(page, '区科协管理员')
      await openFresh(page, app.url + DASHBOARD)
      await page.locator(`[data-indicator="${FARMERS}"]`).first().waitFor()
      await page.locator('.month-chart').first().waitFor()
      await screenshot(page, `ledger-dashboard-${name}`)
      // The month chart and the breakdowns sit below the cards: photograph them where a user scrolls to.
      const chart = page.locator('.month-chart').first()
      await chart.scrollIntoViewIfNeeded()
      await chart.screenshot({ path: `screenshots/ledger-chart-${name}.png` })
      const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)
      expect({ name, overflow }).toStrictEqual({ name, overflow: 0 })
      await context.close()
    }
  })

  it('lets an admin merge a duplicate person record found by name', async () => {
    // A duplicate as a neighbour's account once entered her: the same name, year and town.
    const db = new Database(app.dbFile)
    const now = new Date().toISOString()
    db.prepare(
      `INSERT INTO persons (id, owner_id, is_self, name, birth_year, target_group, area_id, phone, guardian_consent_at, created_at, updated_at)
       VALUES ('per-zhao-dup', 'seed-u-0', 0, '赵桂英', 1951, 'senior', 'area-jingyuan', NULL, NULL, ?, ?)`,
    ).run(now, now)
    db.close()

    const { context, page } = await phonePage(app.browser)
    await signIn(page, '区科协管理员')
    await openFresh(page, app.url + '/#/packages/ledger/pages/merge/index')
    await page.locator('taro-input-core[aria-label="参与人姓名或手机号"] input').fill('赵桂英')
    await page.getByText('查找', { exact: true }).click()
    await page.getByText('找到 2 条记录').waitFor()
    await page.locator('[data-person="per-zhao-guiying"]').getByText('保留这条').click()
    await page.locator('[data-person="per-zhao-dup"]').getByText('这是重复的').click()
    await screenshot(page, 'ledger-merge')
    await page.getByText('合并这两条记录', { exact: true }).click()
    await page.getByText('确认合并').waitFor()
    await page.locator('.taro-model__confirm').click()
    await page.getByText(/已合并：转入 0 条报名/).waitFor()
    await page.getByText('找到 1 条记录').waitFor()
    expect(await page.locator('[data-person]').count()).toBe(1)
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)).toBe(0)
    await context.close()
  })
})
