// Every page of the built mini-program (app.json: main package and subpackages) opens under the
// weapp runtime as the person who would open it, with the query its links give it: no exception,
// the navigation bar title of its page json (or the one it sets), and its own heading on screen.

import { allRoutes, configuredTitle, createCloud, launchWeapp, readAppJson, readPageJson, type Cloud } from './harness'
import { caseUrl, pageIds, PAGES, type Ids } from './page-cases'

let cloud: Cloud
let ids: Ids

beforeAll(async () => {
  cloud = await createCloud()
  ids = await pageIds(cloud)
})

afterAll(() => cloud.close())

it('has a case for every page of app.json, main package and subpackages', () => {
  expect(Object.keys(PAGES).sort()).toEqual(allRoutes(readAppJson()).sort())
})

describe.each(allRoutes(readAppJson()))('%s', (route) => {
  it('opens with no exception, its title and its heading', async () => {
    const c = PAGES[route]
    if (!c) throw new Error(`no case for ${route} in PAGES`)
    const phone = await launchWeapp({ cloud, openid: c.as })
    try {
      const page = await phone.open(caseUrl(route, c, ids))
      expect(phone.problems()).toEqual([])
      expect(cloud.crashes).toEqual([])
      expect(page.route).toBe(route)
      // Its own title in its page json (not the app's default), shown unless the page sets another.
      const json = readPageJson(route).navigationBarTitleText
      expect({ route, title: json }).toEqual({ route, title: expect.stringMatching(/\S/) })
      expect(configuredTitle(route)).toBe(json)
      const set = phone.wxDevice.record.calls.filter((x) => x.api === 'setNavigationBarTitle')
      expect(page.title).toBe(set.length ? String((set[set.length - 1].options as { title: string }).title) : json)
      expect(page.text()).toContain(c.shows)
      expect(page.text()).not.toContain('加载失败')
    } finally {
      phone.dispose()
    }
  })
})
