// What the mini-program must do for WeChat itself: the privacy authorization hook, 关怀模式 from
// WeChat's font setting, and share cards that open the activity they show.

import { allRoutes, phonesEach, readAppJson, type Device } from './harness'

const TODAY = 'act-today-ai'
const TODAY_TITLE = '科普大讲堂：人工智能与日常生活'

const h = phonesEach()
const phone = (opts: Parameters<typeof h.launch>[0]): Promise<Device> => h.launch(opts)

describe('privacy authorization', () => {
  it('turns on WeChat’s privacy check and answers it from the notice page’s agree button', async () => {
    expect(readAppJson().__usePrivacyCheck__).toBe(true)
    // A new user who has not agreed yet.
    const p = await phone({ openid: 'demo-newcomer' })
    const listeners = p.wxDevice.record.privacyListeners
    expect(listeners).toHaveLength(1)

    // WeChat: a privacy-relevant API was called before the user agreed.
    const answers: unknown[] = []
    listeners[0]((r) => answers.push(r))
    await p.settle()
    const notice = p.current()
    expect(notice.route).toBe('pages/privacy/index')
    const agree = notice.get('同意并继续')
    expect(agree.tag).toBe('button')
    expect(agree.attr('open-type')).toBe('agreePrivacyAuthorization')

    await notice.tap(agree)
    expect(answers).toEqual([{ buttonId: agree.attr('id'), event: 'agree' }])
    expect(p.cloud.calls).toContainEqual(expect.objectContaining({ name: 'account', action: 'agreePrivacy', outcome: 'ok' }))
    const status = await h.cloud.call<{ agreedAt: string | null }>('demo-newcomer', 'account', 'privacyStatus', {})
    expect(status.agreedAt).not.toBeNull()
  })
})

describe('关怀模式', () => {
  it('turns on when WeChat reports a font scale of 1.4', async () => {
    const p = await phone({ openid: 'demo-senior', appBaseInfo: { fontSizeScaleFactor: 1.4, fontSizeSetting: 24 } })
    const home = p.current()
    const root = home.all()[0]
    expect(root.className.split(' ')).toContain('k-page--care')
    expect(root.style).toMatch(/--font-scale:\s*1\.5\b/)
    expect(home.has(/查看全部活动/)).toBe(true)
  })

  it('stays off at the standard font, and follows a change made while the app was away', async () => {
    const p = await phone({ openid: 'demo-senior', appBaseInfo: { fontSizeScaleFactor: 1, fontSizeSetting: 17 } })
    const pageClass = () => p.current().all()[0].className.split(' ')
    expect(pageClass()).not.toContain('k-page--care')
    await p.hide()
    p.wxDevice.setAppBaseInfo({ fontSizeScaleFactor: 1.4, fontSizeSetting: 24 })
    await p.show()
    expect(pageClass()).toContain('k-page--care')
  })
})

describe('sharing', () => {
  /** The pages that share, with the query that opens one of them on a seeded activity. */
  const SHARING: Record<string, string> = { 'pages/activity/index': `id=${TODAY}` }

  it('registers share handlers with WeChat on exactly the pages that share', async () => {
    const p = await phone({ openid: 'demo-parent' })
    const shares = allRoutes(readAppJson()).filter((route) => {
      const config = p.loadPageCode(route)
      return typeof config.onShareAppMessage === 'function' || typeof config.onShareTimeline === 'function'
    })
    expect(shares).toEqual(Object.keys(SHARING))
    for (const route of shares) {
      const config = p.loadPageCode(route)
      expect({ route, friend: typeof config.onShareAppMessage, timeline: typeof config.onShareTimeline }).toEqual({ route, friend: 'function', timeline: 'function' })
    }
  })

  it.each(Object.entries(SHARING))('%s: 转发 and 朋友圈 open the activity that was shared', async (route, query) => {
    const sharer = await phone({ openid: 'demo-parent' })
    const page = await sharer.open(`${route}?${query}`)
    expect(page.has(TODAY_TITLE)).toBe(true)

    const card = page.shareAppMessage()!
    expect(card.title).toBe(TODAY_TITLE)
    const timeline = page.shareTimeline()!
    expect(timeline.title).toBe(TODAY_TITLE)

    // A friend opens the card; someone else opens the 朋友圈 post (WeChat opens the same page with the query).
    for (const url of [String(card.path), `/${route}?${String(timeline.query)}`]) {
      const friend = await phone({ openid: 'demo-teacher', path: url })
      const opened = friend.current()
      expect({ url, route: opened.route, id: opened.query.id }).toEqual({ url, route, id: TODAY })
      expect(opened.has(TODAY_TITLE)).toBe(true)
    }
  })
})
