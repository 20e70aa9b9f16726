// The plan ledger in the browser: an admin sees the seeded figures, filters by area, and downloads the
// indicator table as XLSX whose figures equal those on screen.
import fs from 'node:fs'
import readXlsxFile from 'read-excel-file/node'
import type { Page } from 'playwright-core'
import { phonePage, screenshot, signIn as signInAt, useLocalApp } from './support'

const app = useLocalApp()
const signIn = (page: Page, name: string) => signInAt(page, app.url, name)
const DASHBOARD = '/#/packages/ledger/pages/dashboard/index'
const FARMERS = 'plan-2021-2025-farmers'

const cardValue = async (page: Page, id: string) => page.locator(`[data-indicator="${id}"] .ledger-card__value`).first().getAttribute('data-value')

describe('the plan ledger dashboard', () => {
  it('shows the seeded figures, filters by area, and exports the figures on screen', async () => {
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '区科协管理员')
    await page.goto(app.url + DASHBOARD)
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
})
