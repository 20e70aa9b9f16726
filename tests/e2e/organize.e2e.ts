// Organizers publish and run their own activities, in the browser: 陈静 (区科协) creates an activity —
// first with mistakes, each shown next to its field — adds a poster (a GIF refused, a JPEG taken) and submits it; 区科协管理员 returns it with a
// reason; she fixes and resubmits; the admin approves; 王秀兰 finds it, opens the map link and signs
// up; 陈静 moves it one hour later and 王秀兰 sees the notice; an activity the admin publishes directly is
// cancelled and its sign-up shows 已取消.
import type { Page } from 'playwright-core'
import { openFresh, phonePage, screenshot, signIn as signInAt, useLocalApp } from './support'
import { gifOf, jpegOf } from '../support/images'

const app = useLocalApp()
const signIn = (page: Page, name: string) => signInAt(page, app.url, name)
const HOME = '/#/packages/organize/pages/home/index'
const REVIEW = '/#/packages/organize/pages/review/index'
const TITLE = '海洋与气候科普讲座'
const OTHER = '社区防震减灾演练'

const field = (page: Page, label: string) => page.locator(`taro-input-core[aria-label="${label}"] input`)
const errorFor = (page: Page, name: string) => page.locator(`[data-error-for="${name}"]`)
const item = (page: Page, title: string) => page.locator('.organize-item').filter({ hasText: title })
const overflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)
/** A Shanghai wall-clock 'YYYY-MM-DDTHH:mm' some days ahead, for the datetime-local fields. */
function ahead(days: number, clock: string): string {
  const d = new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000)
  return `${d.toISOString().slice(0, 10)}T${clock}`
}

async function fillValidForm(page: Page, title: string) {
  await field(page, '活动名称').fill(title)
  await field(page, '活动地点').fill('区科技馆报告厅')
  await field(page, '详细地址（选填）').fill('环翠区青岛北路1号')
  await page.locator('select[aria-label="镇街"]').selectOption({ index: 1 })
  await field(page, '纬度').fill('37.5131')
  await field(page, '经度').fill('122.1206')
}

describe('organizers publish and run their own activities', () => {
  it('create with mistakes, submit, return, fix, resubmit, approve, sign up, move, cancel', async () => {
    const organizer = await phonePage(app.browser)
    await signIn(organizer.page, '陈静')
    const o = organizer.page
    await openFresh(o, app.url + HOME)
    await o.getByText('+ 新建活动').click()
    await field(o, '活动名称').waitFor()

    // Mistakes first: a one-character title, no place, no town, an end before the start.
    await field(o, '活动名称').fill('讲')
    await o.locator('input[aria-label="结束时间"]').fill(ahead(7, '08:00'))
    await o.locator('.organize-edit').getByText('提交审核', { exact: true }).click()
    await errorFor(o, 'title').getByText('请填写活动名称（2至30字）').waitFor()
    await errorFor(o, 'place').getByText('请填写活动地点（60字以内）').waitFor()
    await errorFor(o, 'areaId').getByText('请选择镇街').waitFor()
    await errorFor(o, 'endAt').getByText('结束时间须晚于开始时间').waitFor()
    await screenshot(o, 'organize-edit-mistakes')

    await fillValidForm(o, TITLE)
    await o.locator('input[aria-label="结束时间"]').fill(ahead(7, '11:30'))
    // A poster: a GIF is refused next to the field, a JPEG is taken and shown.
    const choose = async (name: string, mimeType: string, buffer: Buffer) => {
      const chooser = o.waitForEvent('filechooser')
      await o.locator('.organize-edit').getByText(/^(上传海报|更换海报)$/).click()
      await (await chooser).setFiles({ name, mimeType, buffer })
    }
    await choose('poster.gif', 'image/gif', await gifOf())
    await errorFor(o, 'poster').getByText('只能上传 JPG 或 PNG 格式的图片').waitFor()
    await choose('poster.jpg', 'image/jpeg', await jpegOf(1200, 1600))
    await o.locator('.organize-edit').getByText('更换海报', { exact: true }).waitFor()
    await o.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.organize__poster-image img')
      return !!img && img.complete && img.naturalWidth === 375
    })
    expect(await errorFor(o, 'poster').count()).toBe(0)
    await o.waitForTimeout(2000) // the earlier toast fades
    await screenshot(o, 'organize-edit-poster')
    await o.locator('.organize__chips').getByText('科技资源科普化工程', { exact: true }).click()
    expect(await errorFor(o, 'title').count()).toBe(0)
    await o.locator('.organize-edit').getByText('提交审核', { exact: true }).click()
    await o.waitForURL(/organize\/pages\/home/)
    await item(o, TITLE).getByText('待审核').first().waitFor()
    await o.waitForTimeout(600) // the page transition
    await screenshot(o, 'organize-home')

    // The admin returns it with a reason.
    const admin = await phonePage(app.browser)
    const a = admin.page
    await signIn(a, '区科协管理员')
    await openFresh(a, app.url + REVIEW)
    await item(a, TITLE).getByText('退回修改').click()
    await item(a, TITLE).getByText('确认退回').click()
    await item(a, TITLE).getByText('请填写退回原因（2至200字），组织者会看到').waitFor()
    await item(a, TITLE).locator('taro-input-core[aria-label="退回原因"] input').fill('请在介绍中写明适合的年龄')
    await screenshot(a, 'organize-review')
    await item(a, TITLE).getByText('确认退回').click()
    await a.getByText('没有待审核的活动').waitFor()

    // She sees why, fixes it and resubmits.
    await openFresh(o, app.url + HOME)
    await item(o, TITLE).getByText('退回原因：请在介绍中写明适合的年龄').waitFor()
    await item(o, TITLE).getByText('编辑', { exact: true }).click()
    await o.getByText('区科协退回了这项活动').waitFor()
    await o.locator('textarea').first().fill('潮汐、季风与气候变化，适合10岁以上的青少年和家长。')
    await o.locator('.organize-edit').getByText('提交审核', { exact: true }).click()
    await o.waitForURL(/organize\/pages\/home/)
    await item(o, TITLE).getByText('待审核').first().waitFor()

    // Approved: published.
    await openFresh(a, app.url + REVIEW)
    await item(a, TITLE).getByText('通过并发布').click()
    await a.getByText('没有待审核的活动').waitFor()
    await openFresh(o, app.url + HOME)
    await item(o, TITLE).getByText('已发布').first().waitFor()
    const activityId = await item(o, TITLE).first().getAttribute('data-item')

    // A resident finds it, sees the map link, and signs up.
    const resident = await phonePage(app.browser)
    const r = resident.page
    await signIn(r, '王秀兰')
    await openFresh(r, `${app.url}/#/pages/index/index`)
    await r.locator('taro-input-core input').first().fill('海洋与气候')
    await r.getByText(TITLE).first().click()
    await r.locator('.detail__title').filter({ hasText: TITLE }).waitFor()
    // The poster, served 750 px wide.
    await r.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.detail__poster-image img')
      return !!img && img.complete && img.naturalWidth === 750 && /\/uploads\/img-[0-9a-f]{32}-750\.jpg$/.test(img.src)
    })
    await r.waitForTimeout(600) // the page transition
    await screenshot(r, 'activity-poster')
    const href = await r.locator('a.map-link').getAttribute('href')
    expect(href).toContain('position=122.1206,37.5131')
    // The share poster carries a QR code of the page's own address.
    await r.getByText('分享海报', { exact: true }).click()
    await r.locator('.poster').getByText(TITLE).waitFor()
    expect(await r.locator('.poster__link').getAttribute('data-link')).toMatch(new RegExp(`/#/pages/activity/index\\?id=${activityId}$`))
    await r.locator('.poster .k-qr').first().waitFor()
    await screenshot(r, 'activity-share-poster')
    await r.locator('.poster__close').getByText('关闭').click()
    const row = r.locator('.detail__person').filter({ hasText: '王秀兰' })
    await row.getByText('报名', { exact: true }).click()
    await row.getByText('已报名').waitFor()

    // The organizer moves it one hour later; the resident sees the notice.
    await openFresh(o, `${app.url}/#/packages/organize/pages/edit/index?id=${encodeURIComponent(activityId!)}`)
    await o.getByText('这项活动已发布，已有1人报名').waitFor()
    await o.locator('input[aria-label="开始时间"]').fill(ahead(7, '10:30'))
    await o.locator('input[aria-label="结束时间"]').fill(ahead(7, '12:30'))
    await o.locator('input[aria-label="报名截止时间"]').fill(ahead(7, '09:30'))
    await o.locator('.organize-edit').getByText('保存修改', { exact: true }).click()
    await o.waitForURL(/organize\/pages\/home/)
    await openFresh(r, `${app.url}/#/pages/activity/index?id=${encodeURIComponent(activityId!)}`)
    await r.getByText('活动有变更').waitFor()
    await r.getByText(/时间改为 .*10:30–12:30/).waitFor()
    await screenshot(r, 'activity-changed')

    // Another activity, published directly by the admin, is cancelled with its sign-up.
    await openFresh(a, app.url + HOME)
    await a.getByText('+ 新建活动').click()
    await fillValidForm(a, OTHER)
    await a.locator('.organize-edit').getByText('直接发布', { exact: true }).click()
    await a.waitForURL(/organize\/pages\/home/)
    const otherId = await item(a, OTHER).first().getAttribute('data-item')
    await openFresh(r, `${app.url}/#/pages/activity/index?id=${encodeURIComponent(otherId!)}`)
    await r.locator('.detail__person').filter({ hasText: '王秀兰' }).getByText('报名', { exact: true }).click()
    await r.locator('.detail__person').filter({ hasText: '王秀兰' }).getByText('已报名').waitFor()
    await openFresh(o, app.url + HOME)
    await item(o, OTHER).getByText('取消活动').click()
    await item(o, OTHER).locator('taro-input-core[aria-label="取消原因"] input').fill('场馆临时检修')
    await item(o, OTHER).getByText('确认取消活动').click()
    await o.locator('.taro-model__confirm').click()
    await item(o, OTHER).getByText('取消原因：场馆临时检修').waitFor()
    await openFresh(r, `${app.url}/#/pages/activity/index?id=${encodeURIComponent(otherId!)}`)
    await r.locator('.detail__notice--cancelled').getByText('活动已取消').waitFor()
    await r.locator('.detail__notice--cancelled').getByText('原因：场馆临时检修').waitFor()
    await r.locator('.detail__person').filter({ hasText: '王秀兰' }).getByText('已取消').first().waitFor()
    await screenshot(r, 'activity-cancelled')
    for (const p of [o, a, r]) expect(await overflow(p)).toBe(0)
    await Promise.all([organizer.context.close(), admin.context.close(), resident.context.close()])
  })

  it('creates a weekly series in one go: three drafts a week apart, submitted together', async () => {
    const { context, page: o } = await phonePage(app.browser)
    await signIn(o, '陈静')
    await openFresh(o, app.url + HOME)
    await o.getByText('+ 新建活动').click()
    await field(o, '活动名称').waitFor()
    await fillValidForm(o, '家庭安全用电课')
    await o.locator('select[aria-label="重复"]').selectOption({ label: '每周一次' })
    await o.locator('select[aria-label="共几场"]').selectOption({ label: '3场' })
    const preview = o.locator('[data-series]')
    await preview.getByText(/^共3场：/).waitFor()
    expect((await preview.innerText()).match(/\d+月\d+日/g)).toHaveLength(3)
    await screenshot(o, 'organize-edit-series')
    await o.locator('.organize-edit').getByText('提交审核', { exact: true }).click()
    await o.waitForURL(/organize\/pages\/home/)
    await item(o, '家庭安全用电课').nth(2).waitFor()
    expect(await item(o, '家庭安全用电课').count()).toBe(3)
    for (let i = 0; i < 3; i++) await item(o, '家庭安全用电课').nth(i).getByText('待审核').first().waitFor()
    await context.close()
  })

  it('reads well in care mode: the organizer’s home, the form and the review queue', async () => {
    const { context, page } = await phonePage(app.browser, { careMode: 'on' })
    await signIn(page, '区科协管理员')
    for (const [url, name] of [[HOME, 'organize-home-care'], [`/#/packages/organize/pages/edit/index`, 'organize-edit-care'], [REVIEW, 'organize-review-care']] as const) {
      await openFresh(page, app.url + url)
      await page.locator('.k-section__title').first().waitFor()
      await screenshot(page, name)
      expect({ name, overflow: await overflow(page) }).toEqual({ name, overflow: 0 })
    }
    await context.close()
  })
})
