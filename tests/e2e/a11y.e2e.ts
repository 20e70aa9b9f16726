// Accessibility audit: home, activity detail, 我的票 and 我的 in normal and 关怀模式 (care mode) at 375 px.
// Each page leaves a screenshot in screenshots/ (a11y-<page>-<mode>.png) and passes axe-core with no
// serious or critical violations. In care mode it also has body text of at least 24 CSS px (18 pt),
// tap targets of at least 48 px, and no horizontal scrolling at 375 px and at 320 px.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { phonePage, screenshot, signIn, useLocalApp, openFresh } from './support'

const app = useLocalApp()

/** 18 pt = 24 CSS px: the smallest text care mode allows (src/utils/care-mode.ts). */
const CARE_MIN_FONT_PX = 24
/** The smallest tap target in care mode, in CSS px. */
const CARE_MIN_TAP_PX = 48
/** The largest care-mode font scale (CARE_FONT_SCALE_MAX), for the 320 px overflow check. */
const CARE_MAX_FONT_SCALE = 1.75

type Mode = 'normal' | 'care'

const PAGES: ReadonlyArray<{ name: string; path: string; ready: Record<Mode, string> }> = [
  { name: 'home', path: '/#/pages/index/index', ready: { normal: '共', care: '查看全部活动' } },
  { name: 'activity', path: '/#/pages/activity/index?id=act-zhzl-1', ready: { normal: '主办单位', care: '主办单位' } },
  { name: 'tickets', path: '/#/pages/tickets/index', ready: { normal: '签到卡', care: '签到卡' } },
  { name: 'profile', path: '/#/pages/profile/index', ready: { normal: '关怀模式', care: '关怀模式' } },
]

/** The page on screen: Taro's H5 router keeps earlier pages in the DOM, marked taro_page_shade. */
const CURRENT_PAGE = '.taro_page:not(.taro_page_shade) .k-page'

/**
 * A screenshot of the whole page: Taro scrolls inside .taro_page, not the document, so fullPage alone
 * stops at the first screen. The viewport grows to the page's height for the shot and then goes back.
 */
async function fullScreenshot(page: Page, name: string) {
  const size = page.viewportSize()!
  const height = await page.evaluate(() => {
    const el = document.querySelector('.taro_page:not(.taro_page_shade)')
    return el ? el.scrollHeight + (window.innerHeight - el.clientHeight) : window.innerHeight
  })
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 6000)) })
  await page.waitForTimeout(150)
  await screenshot(page, name)
  await page.setViewportSize(size)
  await page.waitForTimeout(150)
}

async function openPage(mode: Mode, path: string, ready: string): Promise<Page> {
  const { page } = await phonePage(app.browser, { careMode: mode === 'care' ? 'on' : 'off' })
  await signIn(page, app.url, '王秀兰')
  await openFresh(page, app.url + path)
  await page.locator(CURRENT_PAGE).getByText(ready).first().waitFor()
  // Let late replies (courses, tickets) and the toast settle.
  await page.waitForTimeout(600)
  return page
}

async function expectNoSeriousAxeViolations(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).include('#app').analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  if (bad.length > 0) {
    const report = bad
      .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 6).map((n) => `  ${n.target.join(' ')}\n    ${n.failureSummary?.replace(/\n/g, '\n    ')}`).join('\n')}`)
      .join('\n')
    console.log(`axe violations on ${label}:\n${report}`)
  }
  expect(bad.map((v) => `${v.id} (${v.nodes.length})`)).toEqual([])
}

/** Visible text under the current page smaller than `minPx`, as "text: size" lines. */
async function smallText(page: Page, minPx: number): Promise<string[]> {
  return page.evaluate(
    ({ root, minPx }) => {
      const out: string[] = []
      const pageRoot = document.querySelector(root)
      if (!pageRoot) return ['no page root']
      const walker = document.createTreeWalker(pageRoot, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent ?? '').trim()
        const el = n.parentElement
        if (!text || !el) continue
        const box = el.getBoundingClientRect()
        if (box.width === 0 || box.height === 0) continue
        const size = parseFloat(getComputedStyle(el).fontSize)
        if (size < minPx - 0.05) out.push(`${text.slice(0, 20)}: ${size}px`)
      }
      return out
    },
    { root: CURRENT_PAGE, minPx },
  )
}

/**
 * Visible buttons, links, switches, chips and fields under the current page shorter than `minPx`, and how
 * many were measured. A Taro input counts by its field box (taro-input-core), which its <input> fills.
 */
async function smallTapTargets(page: Page, minPx: number): Promise<{ measured: number; small: string[] }> {
  return page.evaluate(
    ({ root, minPx }) => {
      const pageRoot = document.querySelector(root)
      if (!pageRoot) return { measured: 0, small: ['no page root'] }
      const targets = pageRoot.querySelectorAll('taro-button-core, button, a, taro-input-core, input:not(taro-input-core > input), [role="button"], [role="link"], [role="switch"], [role="radio"], taro-switch-core, .k-chip')
      const small: string[] = []
      let measured = 0
      for (const el of Array.from(targets)) {
        const box = el.getBoundingClientRect()
        if (box.width === 0 || box.height === 0) continue
        if (el instanceof HTMLInputElement && el.type === 'hidden') continue
        measured++
        if (box.height < minPx - 0.5) small.push(`${el.tagName.toLowerCase()}.${(el.className || '').toString().split(' ')[0]} "${(el.textContent ?? '').trim().slice(0, 16)}": ${box.height.toFixed(1)}px`)
      }
      return { measured, small }
    },
    { root: CURRENT_PAGE, minPx },
  )
}

const horizontalOverflow = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)

describe.each<[Mode]>([['normal'], ['care']])('accessibility in %s mode', (mode) => {
  it.each(PAGES.map((p) => [p.name, p] as const))('%s: screenshot and axe audit', async (name, p) => {
    const page = await openPage(mode, p.path, p.ready[mode])
    try {
      const careClass = await page.locator(CURRENT_PAGE).first().getAttribute('class')
      expect(careClass?.includes('k-page--care')).toBe(mode === 'care')
      await fullScreenshot(page, `a11y-${name}-${mode}`)
      await expectNoSeriousAxeViolations(page, `${name} (${mode})`)
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)

      if (mode === 'care') {
        expect(await smallText(page, CARE_MIN_FONT_PX)).toEqual([])
        const taps = await smallTapTargets(page, CARE_MIN_TAP_PX)
        expect(taps.small).toEqual([])
        expect(taps.measured).toBeGreaterThan(0)
        // Body text itself, not only the absence of small text.
        const bodyPx = await page.evaluate((root) => parseFloat(getComputedStyle(document.querySelector(root)!).fontSize), CURRENT_PAGE)
        expect(bodyPx).toBeGreaterThanOrEqual(CARE_MIN_FONT_PX)

        await page.setViewportSize({ width: 320, height: 720 })
        await page.waitForTimeout(700) // Taro's rem script re-measures 500 ms after a resize
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
        expect(await smallText(page, CARE_MIN_FONT_PX)).toEqual([])

        // A WeChat font larger than care mode's own scale grows text up to CARE_FONT_SCALE_MAX.
        await page.evaluate(
          ({ root, scale }) => document.querySelectorAll<HTMLElement>(root).forEach((el) => el.style.setProperty('--font-scale', String(scale))),
          { root: CURRENT_PAGE, scale: CARE_MAX_FONT_SCALE },
        )
        await page.waitForTimeout(100)
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
        await fullScreenshot(page, `a11y-${name}-care-320-max`)
      }
    } finally {
      await page.context().close()
    }
  })
})

describe('care mode switch in 我的', () => {
  it('turns care mode on and off by hand and shows the simpler home', async () => {
    const page = await openPage('normal', '/#/pages/profile/index', '关怀模式')
    try {
      // By keyboard: the chips are focusable and Enter presses them (services/keyboard.h5.ts).
      await page.locator(`${CURRENT_PAGE} .k-chip`, { hasText: /^开启$/ }).focus()
      await page.keyboard.press('Enter')
      await page.locator(`${CURRENT_PAGE}.k-page--care`).waitFor()
      await page.getByText('当前：已开启（手动设置）').waitFor()
      await openFresh(page, `${app.url}/#/pages/index/index`)
      await page.getByText('查看全部活动').first().waitFor()
      await page.getByText('查看全部活动').first().click()
      await page.getByText(/共 \d+ 场活动/).first().waitFor()
      await page.waitForTimeout(300)
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)
      expect((await smallTapTargets(page, CARE_MIN_TAP_PX)).small).toEqual([])
      await fullScreenshot(page, 'a11y-home-care-all')

      await openFresh(page, `${app.url}/#/pages/profile/index`)
      await page.getByText('关闭', { exact: true }).click()
      await page.getByText('当前：未开启（手动设置）').waitFor()
      expect(await page.locator(`${CURRENT_PAGE}.k-page--care`).count()).toBe(0)

      // Following the browser: Chromium's default 16 px font is standard size, so care mode stays off.
      await page.getByText('跟随浏览器字体').click()
      await page.getByText('当前：未开启（浏览器字体为标准大小）').waitFor()
    } finally {
      await page.context().close()
    }
  })
})
