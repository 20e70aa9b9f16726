// Starts the built local server (dist/server/main.js) on a fresh, seeded temporary database, and a
// headless Debian Chromium driven by playwright-core.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

const ROOT = path.resolve(__dirname, '../..')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']

export interface LocalServer {
  readonly url: string
  readonly dbFile: string
  stop(): Promise<void>
}

export async function startLocalServer(): Promise<LocalServer> {
  const bundle = path.join(ROOT, 'dist/server/main.js')
  if (!fs.existsSync(bundle)) throw new Error('dist/server/main.js missing: run `node scripts/build-server.mjs` (npm test does)')
  if (!fs.existsSync(path.join(ROOT, 'dist/h5/index.html'))) throw new Error('dist/h5 missing: run `npm run build:h5` (npm test does)')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-e2e-'))
  const dbFile = path.join(dir, 'kepu.sqlite')
  const child: ChildProcess = spawn(process.execPath, [bundle], {
    cwd: ROOT,
    // The flows sign in through the demo sign-in, which the server offers only when asked to.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', KEPU_DB: dbFile, KEPU_STATIC: path.join(ROOT, 'dist/h5'), KEPU_DEMO_LOGIN: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000)
    const onData = (b: Buffer) => {
      output += b.toString()
      const m = /local server: (http:\/\/[^\s]+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1].replace(/\/$/, ''))
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${output}`)))
  })
  return {
    url,
    dbFile,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS })

/** One Content-Security-Policy violation seen by a test page. */
export interface CspViolation {
  readonly source: 'event' | 'console'
  readonly pageUrl: string
  readonly text: string
}

/**
 * Every CSP violation of every page opened with `phonePage`, in the order seen. `useLocalApp` fails the
 * test (afterEach) or the file (afterAll) that produced one, so a policy the app does not work under
 * cannot pass unnoticed. In the page, `window.__cspViolations` holds that document's own.
 */
const cspViolations: CspViolation[] = []
let cspChecked = 0

/** The violations recorded since the last call, which marks them as seen. */
export function takeCspViolations(): CspViolation[] {
  const fresh = cspViolations.slice(cspChecked)
  cspChecked = cspViolations.length
  return fresh
}

function failOnCspViolations(when: string): void {
  const fresh = takeCspViolations()
  if (fresh.length) {
    throw new Error(`${fresh.length} Content-Security-Policy violation(s) ${when}:\n${fresh.map((v) => `- [${v.source}] ${v.pageUrl}: ${v.text}`).join('\n')}`)
  }
}

/** Records the CSP violations of every page of the context: the DOM event (through a binding) and the console report. */
async function recordCspViolations(context: BrowserContext): Promise<void> {
  await context.exposeBinding('__kepuCspViolation', ({ page }, text: string) => {
    cspViolations.push({ source: 'event', pageUrl: page?.url() ?? '', text })
  })
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations?: string[]; __kepuCspViolation?: (t: string) => Promise<void> }
    w.__cspViolations = []
    window.addEventListener('securitypolicyviolation', (e) => {
      const text = `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}${e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : ''}${e.sample ? ` «${e.sample}»` : ''}`
      w.__cspViolations!.push(text)
      void w.__kepuCspViolation?.(text)
    })
  })
  const watch = (page: Page) =>
    page.on('console', (msg) => {
      if (msg.text().includes('Content Security Policy')) cspViolations.push({ source: 'console', pageUrl: page.url(), text: msg.text() })
    })
  context.pages().forEach(watch)
  context.on('page', watch)
}

/**
 * A phone-sized page. `careMode` sets the 我的 → 关怀模式 choice ('on' | 'off' | 'follow'); the older
 * `fontScale` > 1 (the former 大字模式 switch's stored value) is read by the app as care mode on.
 */
export async function phonePage(browser: Browser, opts: { fontScale?: number; careMode?: 'on' | 'off' | 'follow' } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  await recordCspViolations(context)
  if (opts.careMode) {
    // Set once per tab: init scripts run on every load, and a choice made in 我的 must survive a reload.
    await context.addInitScript((choice) => {
      try {
        if (sessionStorage.getItem('e2e.careModeSet')) return
        localStorage.setItem('ui.careMode', JSON.stringify({ data: choice }))
        sessionStorage.setItem('e2e.careModeSet', '1')
      } catch {}
    }, opts.careMode)
  }
  if (opts.fontScale && opts.fontScale !== 1) {
    await context.addInitScript((scale) => {
      try {
        if (sessionStorage.getItem('e2e.fontScaleSet')) return
        // Taro's H5 storage wraps values as {data}; the key is the one src/stores/ui.ts uses.
        localStorage.setItem('ui.fontScale', JSON.stringify({ data: scale }))
        sessionStorage.setItem('e2e.fontScaleSet', '1')
      } catch {}
    }, opts.fontScale)
  }
  const page = await context.newPage()
  return { context, page }
}

export const SCREENSHOT_DIR = path.join(ROOT, 'screenshots')
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}

/**
 * Starts one server and browser for the test file (beforeAll) and stops them afterwards. A test during
 * which a page reported a Content-Security-Policy violation fails.
 */
export function useLocalApp(): { readonly url: string; readonly dbFile: string; readonly browser: Browser } {
  let server: LocalServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await startLocalServer()
    browser = await launchBrowser()
  })
  afterEach(() => failOnCspViolations('during this test'))
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    failOnCspViolations('in this file’s hooks')
  })
  return {
    get url() {
      return server!.url
    },
    get dbFile() {
      return server!.dbFile
    },
    get browser() {
      return browser!
    },
  }
}

/**
 * Opens an app URL with a full page load. A hash-only `goto` lets Taro's H5 router keep earlier page
 * instances and their state, so a check right after it can read a stale or hidden page.
 */
export async function openFresh(page: Page, url: string): Promise<void> {
  await page.goto('about:blank')
  await page.goto(url)
}

/** Opens a Taro H5 picker by its aria-label and accepts the highlighted value. */
export async function pickDefault(page: Page, label: string): Promise<void> {
  await page.locator(`[aria-label="${label}"]`).click()
  await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
  // The sheet slides away before the next picker can open.
  await page.waitForTimeout(500)
}

/** Signs in through the local demo sign-in page as the identity with this display name. */
export async function signIn(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/#/pages/login/index`)
  await page.getByText(`以「${name}」登录`).click()
  // Signing in leaves the login page.
  await page.waitForFunction(() => !location.hash.includes('pages/login'))
}
