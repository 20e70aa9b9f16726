// Families and own data in Chromium: the privacy notice before any personal data, a parent taking over
// the record their daughter made (one-time link code), exporting one's data, the admin's outbox, and
// deleting a person while the plan ledger keeps its count.
import fs from 'node:fs'
import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { openFresh, phonePage, pickDefault, screenshot as screenshotNow, signIn as signInAt, useLocalApp } from './support'

const app = useLocalApp()
const signIn = (page: Page, name: string) => signInAt(page, app.url, name)

/** A screenshot once the page's slide-in transition has finished. */
async function screenshot(page: Page, name: string) {
  await page.waitForTimeout(700)
  await screenshotNow(page, name)
}

/** Calls the local API from the page, with its session cookie. */
const apiCall = (page: Page, fn: string, action: string, data: unknown) =>
  page.evaluate(
    async ([fn, action, data]) => (await fetch(`/api/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action, data }) })).json(),
    [fn, action, data] as const,
  )

/** Presses the confirm button of Taro's H5 modal (Taro.showModal). */
const confirmModal = (page: Page) => page.locator('.taro-model__confirm').click()

/** The ledger's fact count, read from the database file (the fact table the dashboard counts). */
function factCounts(personId: string): { all: number; person: number } {
  const db = new Database(app.dbFile, { readonly: true, fileMustExist: true })
  try {
    const all = (db.prepare('SELECT count(*) AS n FROM ledger_facts').get() as { n: number }).n
    const person = (db.prepare('SELECT count(*) AS n FROM ledger_facts WHERE person_id = ?').get(personId) as { n: number }).n
    return { all, person }
  } finally {
    db.close()
  }
}

describe('families, privacy and own data', () => {
  it('shows the privacy notice and has it agreed before a first person is added', async () => {
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '孙立新')
    await openFresh(page, `${app.url}/#/pages/profile/index`)
    await page.getByText('+ 添加家庭成员').click()

    // The notice comes first, and the server refuses personal data until it is agreed.
    await page.getByText('一、我们收集哪些信息').waitFor()
    await page.getByText('同意并继续').waitFor()
    expect(page.url()).toContain('pages/privacy/index')
    const refused = await apiCall(page, 'persons', 'create', { name: '孙立新', birthYear: 1965, targetGroup: 'public', areaId: 'area-huancuilou', isSelf: true })
    expect(refused).toMatchObject({ ok: false, error: { code: 'PRIVACY.NOT_AGREED' } })
    await screenshot(page, 'privacy-notice')

    await page.getByText('同意并继续').click()
    // Back on the form it was opened from.
    await page.getByText('出生年份').first().waitFor()
    await page.locator('.pe input').first().fill('孙立新')
    await pickDefault(page, '出生年份')
    await pickDefault(page, '重点人群')
    await pickDefault(page, '所在镇街')
    await screenshot(page, 'person-edit-after-privacy')
    await page.getByText('保存', { exact: true }).click()
    await page.locator('.profile__person').filter({ hasText: '孙立新' }).getByText('本人').waitFor()
    const status = await apiCall(page, 'account', 'privacyStatus', {})
    expect(status.data.agreedAt).toEqual(expect.any(String))
    await context.close()
  })

  it('lets 赵桂英 take over the record her daughter made, with a one-time code', async () => {
    const daughter = await phonePage(app.browser)
    await signIn(daughter.page, '李娜')
    await openFresh(daughter.page, `${app.url}/#/pages/profile/index`)
    const mother = daughter.page.locator('.profile__person').filter({ hasText: '赵桂英' })
    await mother.getByText('本人已同意由您代管').waitFor()
    await screenshot(daughter.page, 'profile-family')
    await mother.getByText('让赵桂英用自己的微信管理').click()
    const code = (await daughter.page.locator('.fam__code').textContent())?.trim() ?? ''
    expect(code).toMatch(/^[A-Z2-9]{8}$/)
    await screenshot(daughter.page, 'link-code')

    // The same page in large font (关怀模式), with a second code that simply expires unused.
    const large = await phonePage(app.browser, { fontScale: 1.25 })
    await signIn(large.page, '李娜')
    await openFresh(large.page, `${app.url}/#/pages/profile/index`)
    await large.page.locator('.profile__person').filter({ hasText: '赵桂英' }).getByText('让赵桂英用自己的微信管理').click()
    await large.page.locator('.fam__code').waitFor()
    await screenshot(large.page, 'link-code-large')
    await large.context.close()

    const parent = await phonePage(app.browser)
    await signIn(parent.page, '赵桂英')
    await openFresh(parent.page, `${app.url}/#/pages/profile/index`)
    await parent.page.getByText('家人已替我登记？输入绑定码').click()
    // Her own account has not agreed yet: the notice first, then back to the code.
    await parent.page.getByText('同意并继续').click()
    const input = parent.page.locator('.fam__input input, input.fam__input').first()
    await input.waitFor()

    // A wrong code is refused with a clear message and changes nothing.
    await input.fill('ABCD2345')
    await parent.page.getByText('绑定', { exact: true }).click()
    await parent.page.getByText('绑定码不正确，请核对后重新输入').waitFor()

    await input.fill(code.toLowerCase())
    await parent.page.getByText('绑定', { exact: true }).click()
    await parent.page.getByText(/绑定成功/).waitFor()
    await screenshot(parent.page, 'link-done')
    await parent.page.getByText('查看我的信息').click()
    await parent.page.locator('.profile__person').filter({ hasText: '赵桂英' }).getByText('本人').waitFor()

    // Her attendance history came with her.
    await openFresh(parent.page, `${app.url}/#/pages/registrations/index`)
    await parent.page.locator('.regs__item').filter({ hasText: '赵桂英' }).first().waitFor()

    // The daughter no longer manages her; the code cannot be used again.
    await openFresh(daughter.page, `${app.url}/#/pages/profile/index`)
    await daughter.page.locator('.profile__person').filter({ hasText: '李小宇' }).waitFor()
    await daughter.page.locator('.profile__person').filter({ hasText: '赵桂英' }).waitFor({ state: 'detached' })
    expect(await apiCall(parent.page, 'account', 'redeemLinkCode', { code })).toMatchObject({ ok: false, error: { code: 'LINK.CODE_USED' } })
    await daughter.context.close()
    await parent.context.close()
  })

  it('exports one’s own data as a file containing the persons one manages', async () => {
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '李娜')
    await openFresh(page, `${app.url}/#/packages/family/pages/my-data/index`)
    await page.getByText('导出 JSON').waitFor()
    await screenshot(page, 'my-data')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('导出 JSON').click()])
    expect(download.suggestedFilename()).toMatch(/^科普环翠_我的数据_李娜_\d{4}-\d{2}-\d{2}\.json$/)
    const data = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'))
    expect(data.account.displayName).toBe('李娜')
    expect(data.persons.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['李娜', '李小宇']))
    expect(data.persons.find((p: { name: string }) => p.name === '李小宇').guardianConsentAt).toEqual(expect.any(String))
    expect(data.registrations.length).toBeGreaterThan(0)
    expect(data.consents.map((c: { kind: string }) => c.kind)).toContain('privacy_notice')

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByText('导出 Excel').click()])
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/)
    expect(fs.readFileSync((await xlsx.path())!).subarray(0, 2).toString('latin1')).toBe('PK')
    await context.close()
  })

  it('asks for reminders at sign-up and shows every message in the admin’s outbox', async () => {
    // 刘建国 joins the waitlist of a full lesson and ticks 报名后提醒我 (H5's explicit choice): a waitlisted sign-up asks for
    // the promotion notice, the day-before reminder and 活动变更通知 (WeChat takes three templates per tap).
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '刘建国')
    const list = await apiCall(page, 'activities', 'list', { filter: { text: '防范电信诈骗' } })
    const lesson = list.data.items.find((a: { title: string }) => a.title.includes('第2课'))
    await openFresh(page, `${app.url}/#/pages/activity/index?id=${lesson.id}`)
    const row = page.locator('.detail__person').filter({ hasText: '刘建国' })
    await page.getByText('报名后提醒我').click()
    await row.getByText('候补报名').click()
    await row.getByText('候补第1位').waitFor()
    await screenshot(page, 'activity-remind')
    const info = await apiCall(page, 'reminders', 'info', {})
    expect(info.data).toMatchObject({ channel: 'outbox', credits: { day_before: 1, hour_before: 0, promoted: 1, notice: 1 } })
    await context.close()

    // 王秀兰 gives up her seat: 刘建国 is promoted and gets one notice.
    const senior = await phonePage(app.browser)
    await signIn(senior.page, '王秀兰')
    const regs = await apiCall(senior.page, 'registrations', 'listMine', {})
    const mine = regs.data.find((r: { activityId: string; cancellable: boolean }) => r.activityId === lesson.id && r.cancellable)
    expect(await apiCall(senior.page, 'registrations', 'cancel', { registrationId: mine.id })).toMatchObject({ ok: true, data: { promoted: 1 } })
    await senior.context.close()

    const admin = await phonePage(app.browser)
    await signIn(admin.page, '区科协管理员')
    await openFresh(admin.page, `${app.url}/#/pages/profile/index`)
    await admin.page.getByText('消息发件箱').click()
    await admin.page.getByText('立即运行一次提醒任务').click()
    await admin.page.getByText(/新排程 \d+ 条/).waitFor()
    // Sent into the local outbox (or held until 08:00 when the test runs in quiet hours).
    const notice = admin.page.locator('.outbox__item').filter({ hasText: '候补转正通知' }).filter({ hasText: '刘建国' })
    await notice.getByText(/已发送|待发送/).waitFor()
    await screenshot(admin.page, 'admin-outbox')
    await admin.context.close()
  })

  it('deletes a person and keeps the plan ledger’s count', async () => {
    const { context, page } = await phonePage(app.browser)
    await signIn(page, '张明')
    // His one upcoming training is cancelled first; deleting needs no sign-up still to come.
    const mine = await apiCall(page, 'registrations', 'listMine', {})
    for (const r of mine.data.filter((x: { cancellable: boolean }) => x.cancellable)) {
      expect(await apiCall(page, 'registrations', 'cancel', { registrationId: r.id })).toMatchObject({ ok: true })
    }
    const before = factCounts('per-zhang-ming')
    expect(before.person).toBeGreaterThan(0)

    await openFresh(page, `${app.url}/#/pages/profile/index`)
    const me = page.locator('.profile__person').filter({ hasText: '张明' })
    await me.getByText('删除', { exact: true }).click()
    await confirmModal(page)
    await page.getByText('还没有参与人，请先添加本人或家人').waitFor()
    await screenshot(page, 'profile-after-delete')

    // The fact table still counts his attendance: same total, same facts for his opaque id.
    expect(factCounts('per-zhang-ming')).toEqual(before)
    const db = new Database(app.dbFile, { readonly: true })
    try {
      expect(db.prepare("SELECT count(*) AS n FROM persons WHERE id = 'per-zhang-ming'").get()).toEqual({ n: 0 })
      const owners = db.prepare("SELECT DISTINCT owner_id AS o FROM registrations WHERE person_id = 'per-zhang-ming'").all()
      expect(owners).toEqual([{ o: 'anonymized' }])
    } finally {
      db.close()
    }
    await context.close()
  })

  it('lays out the new pages at 375 px in large font without horizontal scrolling', async () => {
    const pages: Array<[string, string, string, string]> = [
      ['孙立新', '/#/pages/privacy/index', '一、我们收集哪些信息', 'privacy-notice-large'],
      ['李娜', '/#/packages/family/pages/my-data/index', '导出 JSON', 'my-data-large'],
      ['赵桂英', '/#/packages/family/pages/link/index', '绑定', 'link-large'],
      ['李娜', '/#/pages/person-edit/index', '出生年份', 'person-edit-large'],
      ['李娜', '/#/pages/profile/index', '我的数据与隐私', 'profile-large'],
      ['区科协管理员', '/#/packages/admin/pages/outbox/index', '立即运行一次提醒任务', 'admin-outbox-large'],
    ]
    for (const [who, path, text, name] of pages) {
      const { context, page } = await phonePage(app.browser, { fontScale: 1.25 })
      await signIn(page, who)
      await openFresh(page, `${app.url}${path}`)
      await page.getByText(text).first().waitFor()
      if (name === 'person-edit-large') {
        await pickDefault(page, '出生年份')
        await page.getByText('已征得其本人同意，由我代为登记和报名').waitFor()
      }
      await screenshot(page, name)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect([name, overflow]).toEqual([name, 0])
      await context.close()
    }
  })
})
