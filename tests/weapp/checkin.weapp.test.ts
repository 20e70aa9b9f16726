// The organizer's check-in console in the mini-program: wx.scanCode feeds the scan, a second scan of
// the same ticket says 已签到, and without network the console keeps scanning and syncs once when
// the network is back.

import { phonesEach, type Device } from './harness'

const TODAY = 'act-today-ai'
const ORGANIZER = 'demo-organizer'
const RESIDENT = 'demo-parent'

const h = phonesEach()

interface Ticket {
  readonly registrationId: string
  readonly personName: string
  readonly code: string
  readonly activity: { readonly id: string }
}

/** The codes the resident's 我的票 shows right now, by person. */
async function ticketsOf(openid: string): Promise<Map<string, Ticket>> {
  const { tickets } = await h.cloud.call<{ tickets: Ticket[] }>(openid, 'checkin', 'myTickets', {})
  return new Map(tickets.filter((t) => t.activity.id === TODAY).map((t) => [t.personName, t]))
}

async function checkInsOf(registrationId: string) {
  return (await h.cloud.store.listCheckInsByActivity(TODAY as never)).filter((c) => c.registrationId === registrationId && c.kind === 'in')
}

/** The organizer's phone on the console of today's lecture. */
async function openConsole(): Promise<Device> {
  const phone = await h.launch({ openid: ORGANIZER })
  const page = await phone.open(`packages/console/pages/activity/index?id=${TODAY}`)
  expect(page.has('扫码签到')).toBe(true)
  return phone
}

const result = (p: Device) => p.current().byClass('console__result')[0]?.text ?? ''


it('checks a ticket in from wx.scanCode, and a second scan of it says 已签到', async () => {
  const ticket = (await ticketsOf(RESIDENT)).get('李娜')!
  const p = await openConsole()
  const page = p.current()

  p.wxDevice.scanQueue.push(ticket.code)
  await page.tap('扫码签到')
  expect(p.wxDevice.record.scans).toEqual([{ insideTap: true }])
  expect(p.cloud.calls).toContainEqual(expect.objectContaining({ name: 'checkin', action: 'scan', outcome: 'ok', data: expect.objectContaining({ code: ticket.code }) }))
  expect(result(p)).toContain('签到成功')
  expect(result(p)).toContain('李娜')
  expect(await checkInsOf(ticket.registrationId)).toHaveLength(1)

  p.wxDevice.scanQueue.push(ticket.code)
  await page.tap('扫码签到')
  expect(result(p)).toContain('已签到')
  expect(result(p)).toContain('李娜')
  const rows = await checkInsOf(ticket.registrationId)
  expect(rows).toHaveLength(1)
})

it('keeps scanning offline and syncs once when the network is back, with no duplicates', async () => {
  const tickets = await ticketsOf(RESIDENT)
  const na = tickets.get('李娜')!
  const gui = tickets.get('赵桂英')!
  const p = await openConsole()
  const page = p.current()
  await page.tap('下载离线数据')
  expect(page.has(/已下载 \d+ 人的名单/)).toBe(true)

  await p.setOnline(false)
  const callsBefore = p.cloud.calls.length
  for (const code of [na.code, gui.code, na.code]) {
    p.wxDevice.scanQueue.push(code)
    await page.tap('扫码签到')
  }
  // Decided on the downloaded bundle: the repeat is 已签到 locally and is not queued again.
  expect(result(p)).toContain('已签到')
  expect(page.has('离线模式')).toBe(true)
  expect(page.has('待同步 2 条')).toBe(true)
  expect(p.cloud.calls.slice(callsBefore).every((c) => c.outcome === 'offline')).toBe(true)
  expect(await checkInsOf(na.registrationId)).toHaveLength(0)
  expect(await checkInsOf(gui.registrationId)).toHaveLength(0)

  await p.setOnline(true)
  const syncs = p.cloud.calls.filter((c) => c.name === 'checkin' && c.action === 'sync')
  expect(syncs).toHaveLength(1)
  expect(syncs[0].outcome).toBe('ok')
  expect((syncs[0].data as { items: unknown[] }).items).toHaveLength(2)
  expect(page.has('离线模式')).toBe(false)
  expect(page.has('待同步 2 条')).toBe(false)
  expect(page.has(/上次同步：成功 2 条/)).toBe(true)

  for (const reg of [na.registrationId, gui.registrationId]) {
    const rows = await checkInsOf(reg)
    expect(rows).toHaveLength(1)
    expect(rows[0].duplicates).toEqual([])
  }
  // Coming back to the console later sends nothing again.
  await p.hide()
  await p.show()
  expect(p.cloud.calls.filter((c) => c.name === 'checkin' && c.action === 'sync')).toHaveLength(1)
})
