// One phone running the mini-program: a realm with the build loaded the way WeChat loads it
// (app.js, then the main package's pages; a subpackage's pages on first visit), App and page
// lifecycles, the page stack behind wx.navigateTo & co., setData applied to each page's data tree,
// and gestures dispatched to the page's `eh` with WeChat's bubbling.

import path from 'node:path'
import { allRoutes, configuredTitle, parseUrl, readAppJson, readPageJson, WEAPP_DIST, type AppJson } from './dist'
import { deviceCloud, type Cloud, type DeviceCloud } from './cloud'
import { PageHandle, type PageHost, type PageInstance } from './page'
import { Realm } from './realm'
import { applySetData, payloadBytes, type SetDataRecord } from './set-data'
import { attrOf, binding, childrenOf, EVENT_HANDLER, pageElement, ROOT_KEY, shapeOf, sidOf, tagOf, targetOf, type ShapeTable, type TaroNode } from './taro-shape'
import { createWx, wxFail, type WxDevice, type WxSettings } from './wx-api'

/** WeChat keeps at most this many pages on the stack. */
const PAGE_STACK_MAX = 10
/** Events that bubble in WeChat (the rest reach only their target). */
const BUBBLING = new Set(['tap', 'longpress', 'longtap', 'touchstart', 'touchmove', 'touchend', 'touchcancel'])

export interface DeviceOptions extends WxSettings {
  readonly cloud: Cloud
  /** The WeChat user of this phone: what a cloud function reads as OPENID. */
  readonly openid: string
  /** The page the mini-program opens on, with its query (default: the first page of app.json). */
  readonly path?: string
  readonly dist?: string
}

export class Device implements PageHost {
  readonly app: AppJson
  readonly shape: ShapeTable
  readonly realm: Realm
  readonly wxDevice: WxDevice
  readonly cloud: DeviceCloud
  /** Every setData of every page, in order. */
  readonly setDataLog: SetDataRecord[] = []
  readonly navigations: { kind: string; url: string }[] = []
  readonly pageConfigs = new Map<string, Record<string, unknown>>()
  readonly componentConfigs = new Map<string, Record<string, unknown>>()
  appConfig: Record<string, any> | null = null
  private readonly stack: PageInstance[] = []
  /** Page files that threw when WeChat ran them. */
  private readonly loadErrors = new Map<string, unknown>()
  private registering: string | null = null
  private tapDepth = 0
  private navigating = 0
  private seq = 0
  private webviewId = 0
  openid: string

  constructor(private readonly opts: DeviceOptions) {
    const dist = opts.dist ?? WEAPP_DIST
    this.app = readAppJson(dist)
    this.shape = shapeOf(dist)
    this.openid = opts.openid
    let realm!: Realm
    const host = {
      setTimeout: (fn: () => void, ms: number) => realm.setTimeout(fn, ms),
      toRealm: <T>(v: T) => realm.toRealm(v),
    }
    this.cloud = deviceCloud(opts.cloud, { ...host, openid: () => this.openid, isOnline: () => this.wxDevice.isOnline() })
    this.wxDevice = createWx(
      {
        ...host,
        cloud: this.cloud.api,
        insideTap: () => this.tapDepth > 0,
        navigate: (kind, url) => this.navigate(kind, url),
        navigateBack: (delta) => this.navigateBack(delta),
        setTitle: (title) => {
          const top = this.stack[this.stack.length - 1]
          if (top) top.title = title
        },
      },
      opts,
    )
    realm = new Realm(dist, {
      wx: this.wxDevice.wx,
      App: (config) => {
        this.appConfig = config
      },
      Page: (config) => {
        if (!this.registering) throw new Error('Page() called outside a page file')
        this.pageConfigs.set(this.registering, config)
      },
      Component: (config) => {
        if (!this.registering) throw new Error('Component() called outside a component file')
        this.componentConfigs.set(this.registering, config)
      },
      getApp: () => this.appConfig,
      getCurrentPages: () => this.stack.map((p) => p.self),
      __wxConfig: { ...this.app, envVersion: 'develop', platform: 'devtools', accountInfo: { appId: 'touristappid' } },
    })
    this.realm = realm
  }

  get dist(): string {
    return this.realm.root
  }

  /** Errors the app threw from timers and promises, and what it logged with console.error. */
  problems(): string[] {
    // Errors of the app's realm are not instances of this realm's Error: look at their fields.
    const describe = (e: unknown) => (typeof e === 'object' && e !== null && 'stack' in e ? String((e as Error).stack) : typeof e === 'object' ? JSON.stringify(e) : String(e))
    return [...this.realm.errors.map(describe), ...this.realm.consoleErrors]
  }

  /** Starts the mini-program: app.js and the main package's pages, App onLaunch/onShow, the first page. */
  async launch(): Promise<PageHandle> {
    this.registering = 'app'
    this.realm.require('./app.js')
    this.registering = null
    if (!this.appConfig) throw new Error('app.js did not call App()')
    // Without lazyCodeLoading WeChat runs every main-package page file at start-up; one that throws is
    // reported (and that page is then missing), the others still work.
    if (this.app.lazyCodeLoading !== 'requiredComponents') {
      for (const route of this.app.pages) {
        try {
          this.loadPageCode(route)
        } catch (err) {
          this.loadErrors.set(route, err)
          this.realm.errors.push(err)
        }
      }
    }
    const entry = parseUrl(this.opts.path ?? this.app.pages[0])
    const launchOptions = { path: entry.route, query: entry.query, scene: 1001, referrerInfo: {} }
    this.appConfig.onLaunch?.call(this.appConfig, this.realm.toRealm(launchOptions))
    this.appConfig.onShow?.call(this.appConfig, this.realm.toRealm(launchOptions))
    await this.settle()
    return this.openPage(entry.route, entry.query)
  }

  /** The page on top of the stack. */
  current(): PageHandle {
    const top = this.stack[this.stack.length - 1]
    if (!top) throw new Error('no page is open')
    return new PageHandle(top, this)
  }

  pages(): PageHandle[] {
    return this.stack.map((p) => new PageHandle(p, this))
  }

  /** Opens a URL the way a share card or a scanned code does: a fresh stack with that page. */
  async open(url: string): Promise<PageHandle> {
    await this.navigate('reLaunch', url.startsWith('/') ? url : `/${url}`)
    return this.current()
  }

  /** Runs a page's file once (its Page() registers the config), and the custom components it uses. */
  loadPageCode(route: string): Record<string, unknown> {
    const known = this.pageConfigs.get(route)
    if (known) return known
    const failed = this.loadErrors.get(route)
    if (failed) throw new Error(`Page[${route}] not found: its file threw when it was loaded: ${String((failed as Error)?.stack ?? failed)}`)
    if (!allRoutes(this.app).includes(route)) throw wxFail('navigateTo', `page "${route}" is not found`)
    const file = path.join(this.dist, `${route}.js`)
    for (const comp of Object.values(readPageJson(route, this.dist).usingComponents ?? {})) {
      const compFile = path.resolve(path.dirname(file), `${comp}.js`)
      if (this.componentConfigs.has(compFile)) continue
      this.registering = compFile
      this.realm.require(compFile, file)
    }
    this.registering = route
    try {
      this.realm.require(file, file)
    } finally {
      this.registering = null
    }
    const config = this.pageConfigs.get(route)
    if (!config) throw new Error(`${route}.js did not call Page()`)
    return config
  }

  /** Creates the page instance, pushes it and runs onLoad → onShow → (first render) → onReady. */
  private async openPage(route: string, query: Record<string, string>): Promise<PageHandle> {
    const config = this.loadPageCode(route)
    const data: Record<string, unknown> = JSON.parse(JSON.stringify(config.data ?? {}))
    const self: Record<string, any> = {}
    for (const [k, v] of Object.entries(config)) if (k !== 'data') self[k] = v
    const instance: PageInstance = {
      route,
      options: query,
      data,
      config,
      self,
      setDataLog: [],
      title: configuredTitle(route, this.app, this.dist),
    }
    Object.assign(self, {
      route,
      __route__: route,
      is: route,
      options: this.realm.toRealm(query),
      data,
      __wxWebviewId__: ++this.webviewId,
      setData: (payload: Record<string, unknown>, cb?: () => void) => this.setData(instance, payload, cb),
      selectComponent: () => null,
      selectAllComponents: () => [],
      createSelectorQuery: () => (this.wxDevice.wx.createSelectorQuery as () => unknown)(),
      getOpenerEventChannel: () => ({ emit() {}, on() {}, once() {}, off() {} }),
    })
    this.stack.push(instance)
    self.onLoad?.call(self, this.realm.toRealm(query))
    self.onShow?.call(self)
    await this.quiesce()
    self.onReady?.call(self)
    await this.quiesce()
    return new PageHandle(instance, this)
  }

  private setData(page: PageInstance, payload: Record<string, unknown>, cb?: () => void): void {
    if (!this.stack.includes(page)) throw new Error(`setData on ${page.route} after it was unloaded`)
    const changed = applySetData(page.data, payload)
    const rec: SetDataRecord = { route: page.route, keys: Object.keys(payload), changed, bytes: payloadBytes(payload), seq: ++this.seq }
    page.setDataLog.push(rec)
    this.setDataLog.push(rec)
    if (cb) this.realm.setTimeout(cb, 0)
  }

  private unload(page: PageInstance): void {
    page.self.onUnload?.call(page.self)
    this.stack.splice(this.stack.indexOf(page), 1)
  }

  private isTab(route: string): boolean {
    return (this.app.tabBar?.list ?? []).some((t) => t.pagePath === route)
  }

  /** wx.navigateTo / redirectTo / switchTab / reLaunch, carried out after the current handler, as WeChat does. */
  navigate(kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch', url: string): Promise<void> {
    const from = this.stack[this.stack.length - 1]?.route
    const { route, query } = parseUrl(url, from)
    this.navigations.push({ kind, url })
    if (!allRoutes(this.app).includes(route)) return Promise.reject(wxFail(kind, `page "${route}" is not found`))
    if (kind === 'switchTab' && !this.isTab(route)) return Promise.reject(wxFail(kind, 'can not switch to no-tabBar page'))
    if ((kind === 'navigateTo' || kind === 'redirectTo') && this.isTab(route)) return Promise.reject(wxFail(kind, 'can not navigateTo a tabbar page'))
    if (kind === 'navigateTo' && this.stack.length >= PAGE_STACK_MAX) return Promise.reject(wxFail(kind, 'webview count limit exceed'))
    this.navigating++
    return new Promise<void>((resolve, reject) => {
      this.realm.setTimeout(() => {
        void (async () => {
          const top = this.stack[this.stack.length - 1]
          if (kind === 'navigateTo') top?.self.onHide?.call(top.self)
          else if (kind === 'redirectTo') top && this.unload(top)
          else for (const p of [...this.stack].reverse()) this.unload(p)
          // Query values arrive as they were written in the URL (WeChat does not decode them).
          await this.openPage(route, kind === 'switchTab' ? {} : query)
        })().then(resolve, reject).finally(() => this.navigating--)
      }, 0)
    })
  }

  navigateBack(delta: number): Promise<void> {
    this.navigations.push({ kind: 'navigateBack', url: String(delta) })
    if (this.stack.length <= 1) return Promise.reject(wxFail('navigateBack', 'cannot navigate back at first page.'))
    this.navigating++
    return new Promise<void>((resolve) => {
      this.realm.setTimeout(() => {
        for (let i = 0; i < delta && this.stack.length > 1; i++) this.unload(this.stack[this.stack.length - 1])
        const top = this.stack[this.stack.length - 1]
        top.self.onShow?.call(top.self)
        this.navigating--
        resolve()
      }, 0)
    })
  }

  /** The chain from the page element down to the element with this sid, or null. */
  private pathTo(page: PageInstance, sid: string): TaroNode[] | null {
    const root = pageElement(page.data)
    if (!root) return null
    const walk = (n: TaroNode, trail: TaroNode[]): TaroNode[] | null => {
      const here = [...trail, n]
      if (sidOf(n) === sid) return here
      for (const c of childrenOf(n)) {
        const hit = walk(c, here)
        if (hit) return hit
      }
      return null
    }
    return walk(root, [])
  }

  /**
   * Fires an event at an element as WeChat does: `eh` is called with the element as target, and for
   * bubbling events again for each ancestor whose template binds it, until a `catch` binding stops it.
   * A tap on a disabled button or input is refused, as the user's finger would be.
   */
  dispatch(page: PageInstance, sid: string, type: string, detail: Record<string, unknown>): void {
    if (this.stack[this.stack.length - 1] !== page) throw new Error(`${page.route} is not the page on top; the user cannot touch it`)
    const trail = this.pathTo(page, sid)
    if (!trail) throw new Error(`${page.route}: no element with sid ${sid}`)
    const target = trail[trail.length - 1]
    if (type === 'tap') {
      const control = [...trail].reverse().find((n) => ['button', 'input', 'textarea', 'picker', 'switch', 'checkbox', 'radio'].includes(tagOf(this.shape, n)))
      if (control && attrOf(this.shape, control, 'disabled')) throw new Error(`${page.route}: the ${tagOf(this.shape, control)} "${sidOf(control)}" is disabled`)
    }
    const handler = page.self[EVENT_HANDLER]
    if (typeof handler !== 'function') throw new Error(`${page.route}: the page has no ${EVENT_HANDLER} handler`)
    const event = (current: TaroNode, eventType: string) =>
      this.realm.toRealm({
        type: eventType,
        timeStamp: Date.now(),
        target: targetOf(target),
        currentTarget: targetOf(current),
        detail,
        mark: {},
        touches: [],
        changedTouches: [],
      })
    const fire = (eventType: string, chain: TaroNode[]) => {
      for (const node of chain) {
        const how = binding(this.shape, node, eventType)
        if (!how) continue
        handler.call(page.self, event(node, eventType))
        if (how === 'catch') break
      }
    }
    if (type === 'tap') this.tapDepth++
    try {
      fire(type, BUBBLING.has(type) ? [...trail].reverse() : [target])
      // A button with open-type="agreePrivacyAuthorization" also fires agreeprivacyauthorization.
      if (type === 'tap') {
        const button = [...trail].reverse().find((n) => tagOf(this.shape, n) === 'button')
        if (button && attrOf(this.shape, button, 'open-type') === 'agreePrivacyAuthorization') fire('agreeprivacyauthorization', [button])
      }
    } finally {
      if (type === 'tap') this.tapDepth--
    }
  }

  /**
   * Waits until the app is idle: no cloud call in flight, no navigation under way, no short timeout
   * pending (React's and Taro's scheduling, setData callbacks), for a few turns of the event loop.
   */
  settle(timeoutMs = 8000): Promise<void> {
    return this.quiesce(timeoutMs, true)
  }

  /** `settle`, optionally not waiting for navigations (a page being opened waits for its own first render). */
  private async quiesce(timeoutMs = 8000, navigations = false): Promise<void> {
    const deadline = Date.now() + timeoutMs
    let idle = 0
    while (idle < 3) {
      await new Promise((r) => setImmediate(r))
      const busy = this.cloud.inflight() > 0 || (navigations && this.navigating > 0) || this.realm.pendingShortTimers() > 0
      idle = busy ? 0 : idle + 1
      if (busy) await new Promise((r) => setTimeout(r, 1))
      if (Date.now() > deadline) {
        throw new Error(`the mini-program did not settle in ${timeoutMs} ms (cloud calls in flight ${this.cloud.inflight()}, navigations ${this.navigating}, timers ${this.realm.pendingShortTimers()})`)
      }
    }
  }

  /** The user leaves WeChat (home button): the page's and the app's onHide. */
  async hide(): Promise<void> {
    const top = this.stack[this.stack.length - 1]
    top?.self.onHide?.call(top.self)
    this.appConfig?.onHide?.call(this.appConfig)
    await this.settle()
  }

  /** The user comes back: the app's onShow, then the page's. */
  async show(): Promise<void> {
    const top = this.stack[this.stack.length - 1]
    this.appConfig?.onShow?.call(this.appConfig, this.realm.toRealm({ path: top?.route ?? '', query: top?.options ?? {}, scene: 1001, referrerInfo: {} }))
    top?.self.onShow?.call(top.self)
    await this.settle()
  }

  /** Network off or on, as the phone's 飞行模式 does. */
  async setOnline(online: boolean): Promise<void> {
    this.wxDevice.setOnline(online)
    await this.settle()
  }

  /** The page data of every open page, for size checks. */
  pageData(): Record<string, unknown>[] {
    return this.stack.map((p) => p.data[ROOT_KEY] as Record<string, unknown>)
  }

  dispose(): void {
    this.realm.dispose()
    this.stack.length = 0
  }
}
