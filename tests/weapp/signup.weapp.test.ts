// A resident in the mini-program: the home list of the seeded activities, signing up with a reminder
// (WeChat's subscribe dialog only from the tap), and the ticket that follows.

import { caseUrl, pageIds, PAGES } from './page-cases'
import { allRoutes, HARNESS_TEMPLATES, launchWeapp, phonesEach, readAppJson } from './harness'

const RESIDENT = 'demo-parent'
const DIET = 'act-health-diet'
const DIET_TITLE = '健康大讲堂：老年人合理膳食'

const h = phonesEach()


it('lists the seeded activities on the home page, as the server pages them', async () => {
  const phone = await h.launch({ openid: RESIDENT })
  const home = phone.current()
  expect(home.route).toBe('pages/index/index')
  const listCall = phone.cloud.calls.find((c) => c.name === 'activities' && c.action === 'list')
  expect(listCall?.outcome).toBe('ok')
  const expected = await h.cloud.call<{ items: { title: string }[]; total: number }>(RESIDENT, 'activities', 'list', listCall!.data)
  expect(expected.total).toBeGreaterThan(expected.items.length)

  expect(home.text()).toContain(`共 ${expected.total} 场活动`)
  const cards = home.byClass('k-card')
  expect(cards.map((c) => home.get((r) => r.className === 'k-card__title', c).text)).toEqual(expected.items.map((a) => a.title))
  expect(home.has('科普大讲堂：人工智能与日常生活')).toBe(true)

  await home.tap('加载更多')
  expect(home.byClass('k-card')).toHaveLength(expected.total)
  expect(home.has('没有更多活动了')).toBe(true)
})

it('signs a resident up with a reminder and shows the ticket', async () => {
  const phone = await h.launch({ openid: RESIDENT })
  const page = await phone.open(`pages/activity/index?id=${DIET}`)
  expect(page.has(DIET_TITLE)).toBe(true)

  await page.tap('报名后提醒我')
  const row = page.byClass('detail__person').find((r) => r.text.includes('李娜'))!
  expect(row.text).toContain('未报名')
  await page.tap('报名', row)

  // The subscribe dialog was asked from the tap, for the templates the cloud offers, and accepted.
  expect(phone.wxDevice.record.subscribeRequests).toEqual([
    expect.objectContaining({ insideTap: true, tmplIds: [HARNESS_TEMPLATES.day_before, HARNESS_TEMPLATES.hour_before, HARNESS_TEMPLATES.notice] }),
  ])
  expect(phone.cloud.calls.map((c) => `${c.name}.${String(c.action)}`)).toEqual(expect.arrayContaining(['reminders.subscribe', 'registrations.signUp']))
  expect(phone.wxDevice.record.toasts).toContainEqual(expect.objectContaining({ title: '报名成功' }))
  const signedUp = page.byClass('detail__person').find((r) => r.text.includes('李娜'))!
  expect(signedUp.text).toContain('已报名')

  const regs = await h.cloud.store.listRegistrationsByOwner(RESIDENT as never)
  expect(regs.filter((r) => r.activityId === DIET).map((r) => [r.personId, r.status])).toEqual([['per-li-na', 'confirmed']])

  await page.tap('查看签到票 ›', signedUp)
  const tickets = phone.current()
  expect(tickets.route).toBe('pages/tickets/index')
  const ticket = tickets.byClass('ticket').find((t) => t.text.includes(DIET_TITLE))
  expect(ticket?.text).toContain('李娜')
  expect(ticket?.text).toContain('待签到')
})

it('asks for subscribe messages only inside a tap handler, on every page', async () => {
  // Every page opened as its people open it, then the sign-up: WeChat refuses the dialog outside a tap.
  const ids = await pageIds(h.cloud)
  for (const route of allRoutes(readAppJson())) {
    // Each page's phone is disposed as soon as it is read (one at a time), so not through h.launch.
    const p = await launchWeapp({ cloud: h.cloud, openid: PAGES[route].as })
    await p.open(caseUrl(route, PAGES[route], ids))
    const stray = p.wxDevice.record.subscribeRequests.filter((r) => !r.insideTap)
    p.dispose()
    expect({ route, stray }).toEqual({ route, stray: [] })
  }
  const phone = await h.launch({ openid: RESIDENT })
  const page = await phone.open(`pages/activity/index?id=${DIET}`)
  await page.tap('报名后提醒我')
  await page.tap('报名', page.byClass('detail__person').find((r) => r.text.includes('李娜')))
  const requests = phone.wxDevice.record.subscribeRequests
  expect(requests.length).toBeGreaterThan(0)
  for (const r of requests) expect({ insideTap: r.insideTap, stack: r.insideTap ? '' : r.stack }).toEqual({ insideTap: true, stack: '' })
})
