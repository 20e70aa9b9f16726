// setData is the mini-program's most expensive call: every byte crosses from the logic layer to the
// view. No single call may reach 256 KB, and a keystroke must send what changed, not the page again.

import { caseUrl, pageIds, PAGES } from './page-cases'
import { allRoutes, createCloud, keyUnder, launchWeapp, payloadBytes, readAppJson, SET_DATA_WARN_BYTES, WHOLE_PAGE_PATHS, type Cloud, type Device, type PageHandle, type SetDataRecord } from './harness'

/** What one typed character may cost in setData: the input's value and a few neighbours. */
const KEYSTROKE_MAX_BYTES = 256

let cloud: Cloud
const phones: Device[] = []

beforeAll(async () => {
  cloud = await createCloud()
})

afterAll(() => {
  phones.splice(0).forEach((p) => p.dispose())
  cloud.close()
})

async function phone(openid: string): Promise<Device> {
  const p = await launchWeapp({ cloud, openid })
  phones.push(p)
  return p
}

/** Types one character into an input: the setData calls it caused, and where the input sits in the data. */
async function keystroke(p: Device, page: PageHandle, placeholder: string): Promise<{ sent: SetDataRecord[]; input: (string | number)[] }> {
  const input = page.get((r) => r.tag === 'input' && r.attr('placeholder') === placeholder)
  const before = p.setDataLog.length
  await page.type(input, '科')
  expect(page.get(input).attr('value')).toBe('科')
  return { sent: p.setDataLog.slice(before), input: page.dataPath(input) }
}

it('keeps every setData under 256 KB on every page, opened as its people open it', async () => {
  const ids = await pageIds(cloud)
  const biggest: { route: string; bytes: number }[] = []
  for (const route of allRoutes(readAppJson())) {
    const c = PAGES[route]
    const p = await phone(c.as)
    const page = await p.open(caseUrl(route, c, ids))
    expect(page.has(c.shows)).toBe(true)
    // Lists load their next page at the bottom.
    await page.reachBottom()
    biggest.push({ route, bytes: Math.max(...p.setDataLog.map((r) => r.bytes)) })
    p.dispose()
  }
  expect(biggest.filter((b) => b.bytes >= SET_DATA_WARN_BYTES)).toEqual([])
  // The harness measured real payloads: the home page's first render is several KB.
  expect(Math.max(...biggest.map((b) => b.bytes))).toBeGreaterThan(4 * 1024)
})

it.each([
  ['the home search', 'demo-parent', 'pages/index/index', '搜索活动名称、地点'],
  ['the console code field', 'demo-organizer', 'packages/console/pages/activity/index?id=act-today-ai', '输入或粘贴签到码'],
])('sends only the change when one character is typed into %s', async (_what, openid, url, placeholder) => {
  const p = await phone(openid)
  const page = await p.open(url)
  const treeBytes = payloadBytes(p.pageData()[p.pageData().length - 1])
  const { sent, input } = await keystroke(p, page, placeholder)
  expect(sent.length).toBeGreaterThan(0)
  expect(sent.flatMap((r) => r.keys).filter((k) => WHOLE_PAGE_PATHS.includes(k))).toEqual([])
  // Only the input's own row changes on screen (its value; a submit button beside it may enable).
  const row = input.slice(0, -2)
  expect(sent.flatMap((r) => r.changed).filter((k) => !keyUnder(k, row))).toEqual([])
  // Taro re-sends form controls' `value` on every render; anything more (a picker's whole range) is waste.
  const bytes = sent.reduce((n, r) => n + r.bytes, 0)
  expect(bytes).toBeLessThanOrEqual(Math.min(KEYSTROKE_MAX_BYTES, treeBytes / 20))
})
