// 评单 in the browser: 陈静 checks 赵桂英 in at today's lecture with the ticket from 李娜's page; 李娜
// (who manages her mother) rates it from 我的报名 — first without stars, then 4 stars and a comment —
// and sees 已评价; 陈静 reads the rating on the activity's 活动评价 and exports the roster; the admin
// sees 满意度 per project on the ledger dashboard. Screenshots normal and in 关怀模式.
import type { Page } from 'playwright-core'
import { openFresh, phonePage, screenshot, signIn as signInAt, useLocalApp } from './support'

const ACTIVITY = 'act-today-ai'
const TITLE = '科普大讲堂：人工智能与日常生活'
const COMMENT = '老师讲得通俗，妈妈学会了辨别AI换脸电话'

const app = useLocalApp()
const signIn = (page: Page, name: string) => signInAt(page, app.url, name)
const regItem = (page: Page) => page.locator('.regs__item').filter({ hasText: TITLE }).filter({ hasText: '赵桂英' })

describe('评单: rating an attended activity', () => {
  it('check in, rate (a mistake first), see it as organizer and admin, export the roster', async () => {
    // The mother's ticket, checked in at the desk.
    const parent = await phonePage(app.browser)
    await signIn(parent.page, '李娜')
    const p = parent.page
    await openFresh(p, `${app.url}/#/pages/tickets/index`)
    const code = await p.locator('.ticket').filter({ hasText: '赵桂英' }).filter({ hasText: TITLE }).locator('[data-code]').first().getAttribute('data-code')
    expect(code).toMatch(/^KP1\.T\./)

    // Before check-in there is nothing to rate.
    await openFresh(p, `${app.url}/#/pages/registrations/index`)
    await regItem(p).waitFor()
    expect(await regItem(p).getByText('评价活动').count()).toBe(0)

    const organizer = await phonePage(app.browser)
    const o = organizer.page
    await signIn(o, '陈静')
    await openFresh(o, `${app.url}/#/packages/console/pages/activity/index?id=${ACTIVITY}`)
    await o.locator('input[placeholder="输入或粘贴签到码"]').fill(code!)
    await o.locator('.scan__submit').click()
    await o.locator('.console__result').getByText('签到成功').waitFor()

    // 我的报名 now offers 评价活动 for the attended registration.
    await openFresh(p, `${app.url}/#/pages/registrations/index`)
    await regItem(p).getByText('评价活动').click()
    const rate = p.locator('.fb')
    await rate.getByText(TITLE).waitFor()
    await rate.getByText('参与人：赵桂英').waitFor()
    await p.waitForTimeout(700) // the page slides in
    await screenshot(p, 'feedback-rate')
    await rate.getByText('提交评价').click()
    await rate.getByText('请先点选星级（1至5颗星）').waitFor()
    await rate.locator('[aria-label^="4星"]').click()
    await rate.getByText('满意', { exact: true }).waitFor()
    await rate.locator('textarea').fill(COMMENT)
    await rate.getByText(`${[...COMMENT].length}/300`).waitFor()
    await rate.getByText('提交评价').click()
    await rate.getByText('✓ 已收到您的评价：★★★★ 满意').waitFor()
    await screenshot(p, 'feedback-rated')

    await openFresh(p, `${app.url}/#/pages/registrations/index`)
    await regItem(p).getByText('已评价 ★★★★').waitFor()
    await regItem(p).getByText('修改评价').waitFor()

    // The organizer: 评价 on the activity's card, then the summary with the comment.
    await openFresh(o, `${app.url}/#/packages/organize/pages/home/index`)
    const card = o.locator('.organize-item').filter({ hasText: TITLE })
    await card.getByText('评价', { exact: true }).click()
    const sum = o.locator('.fb-sum')
    await sum.getByText('4.0 分').waitFor()
    await sum.getByText('1 人评价').waitFor()
    await sum.getByText('满意率 100%').waitFor()
    await sum.getByText(COMMENT).waitFor()
    await o.waitForTimeout(700)
    await screenshot(o, 'feedback-summary')

    // 导出名单: a spreadsheet of the roster with the check-in.
    await openFresh(o, `${app.url}/#/packages/organize/pages/home/index`)
    const download = o.waitForEvent('download')
    await o.locator('.organize-item').filter({ hasText: TITLE }).getByText('导出名单').click()
    expect((await download).suggestedFilename()).toMatch(/报名名单.*\.xlsx$/)

    // The admin: 满意度 per project beside the plan's figures.
    const admin = await phonePage(app.browser)
    const a = admin.page
    await signIn(a, '区科协管理员')
    await openFresh(a, `${app.url}/#/packages/ledger/pages/dashboard/index`)
    const sat = a.locator('[data-satisfaction]')
    await sat.getByText('居民满意度（评单）').waitFor()
    await sat.locator('.ledger__satisfaction-row').filter({ hasText: '科普信息化提升工程' }).getByText('4.0 分 · 1 人 · 满意率 100%').waitFor()
    await sat.locator('.ledger__satisfaction-row').filter({ hasText: '科普基础设施建设工程' }).getByText('暂无评价').waitFor()
    await sat.getByText('查看评价和意见').click()
    await a.locator('.fb-sum').getByText('各重点工程的满意度').waitFor()
    await a.locator('.fb-sum').getByText(COMMENT).waitFor()

    // 关怀模式: the same pages, large.
    const care = await phonePage(app.browser, { careMode: 'on' })
    await signIn(care.page, '李娜')
    await openFresh(care.page, `${app.url}/#/pages/registrations/index`)
    await regItem(care.page).getByText('修改评价').click()
    await care.page.locator('.fb').getByText('保存修改').waitFor()
    expect(await care.page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
    await care.page.waitForTimeout(700)
    await screenshot(care.page, 'feedback-rate-care')
    const careOrg = await phonePage(app.browser, { careMode: 'on' })
    await signIn(careOrg.page, '陈静')
    await openFresh(careOrg.page, `${app.url}/#/packages/feedback/pages/summary/index?activityId=${ACTIVITY}`)
    await careOrg.page.locator('.fb-sum').getByText(COMMENT).waitFor()
    expect(await careOrg.page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
    await screenshot(careOrg.page, 'feedback-summary-care')
    for (const c of [parent, organizer, admin, care, careOrg]) await c.context.close()
  })
})
