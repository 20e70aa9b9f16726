// The `wx` object of one simulated device: miniprogram-simulate's API module, with the parts the
// mini-program depends on made real and recorded (storage, network, scanner, subscribe messages,
// privacy, navigation, toasts and modals, font settings). WeChat's rules the harness enforces are
// enforced here: requestSubscribeMessage only from a tap, storage limits, offline calls failing.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulateApi: Record<string, unknown> = require('miniprogram-simulate/src/api')

type Options = Record<string, any>
type Callback = (res: any) => void

/** Per key and in total, WeChat's local storage limits. */
const STORAGE_KEY_MAX_BYTES = 1024 * 1024
const STORAGE_TOTAL_MAX_BYTES = 10 * 1024 * 1024

export interface WxSettings {
  /** Merged over simulate's getAppBaseInfo(), e.g. `{ fontSizeScaleFactor: 1.4 }`. */
  readonly appBaseInfo?: Record<string, unknown>
  readonly systemInfo?: Record<string, unknown>
  /** What showModal answers; confirm by default. */
  readonly modalConfirm?: boolean
  /** What the user answers in the subscribe dialog for every template. */
  readonly subscribeAnswer?: 'accept' | 'reject'
}

export interface SubscribeRequest {
  readonly tmplIds: readonly string[]
  /** Whether the harness was dispatching a tap when the call was made. */
  readonly insideTap: boolean
  readonly stack: string
}

export interface WxRecord {
  readonly subscribeRequests: SubscribeRequest[]
  readonly toasts: { title: string; icon?: string }[]
  readonly modals: { title?: string; content?: string }[]
  readonly scans: { insideTap: boolean }[]
  readonly privacyListeners: ((resolve: (r: unknown) => void) => void)[]
  readonly calls: { api: string; options: unknown }[]
}

/** What the device (runtime.ts) provides to the API: navigation, titles, the tap flag, its realm. */
export interface WxHost {
  navigate(kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch', url: string): Promise<void>
  navigateBack(delta: number): Promise<void>
  setTitle(title: string): void
  insideTap(): boolean
  /** A copy of plain data made in the mini-program's own realm (arrays are its Arrays). */
  toRealm<T>(value: T): T
  /** The device's setTimeout, tracked so `settle()` waits for it. */
  setTimeout(fn: () => void, ms: number): unknown
  readonly cloud: Record<string, unknown>
}

export interface WxDevice {
  readonly wx: Record<string, unknown>
  readonly record: WxRecord
  readonly storage: Map<string, string>
  /** Scanner results handed out by the next wx.scanCode calls, in order. */
  readonly scanQueue: string[]
  isOnline(): boolean
  /** Turns the network off or on, telling onNetworkStatusChange listeners as WeChat does. */
  setOnline(online: boolean): void
  /** Changes what getAppBaseInfo reports from now on (the user changed 字体大小 in WeChat's settings). */
  setAppBaseInfo(patch: Record<string, unknown>): void
}

function selectorQuery(host: WxHost) {
  const results: null[] = []
  const query: Record<string, unknown> = {}
  const nodesRef = () => {
    results.push(null)
    const ref: Record<string, unknown> = {}
    for (const m of ['fields', 'boundingClientRect', 'scrollOffset', 'node', 'context']) {
      ref[m] = (...args: unknown[]) => {
        const cb = args.find((a) => typeof a === 'function') as ((r: null) => void) | undefined
        if (cb) host.setTimeout(() => cb(null), 0)
        return query
      }
    }
    return ref
  }
  Object.assign(query, {
    in: () => query,
    select: nodesRef,
    selectAll: nodesRef,
    selectViewport: nodesRef,
    exec: (cb?: (res: null[]) => void) => {
      if (cb) host.setTimeout(() => cb(host.toRealm([...results])), 0)
    },
  })
  return query
}

/** A fail result as WeChat gives it to `fail` and rejects the promise with. */
export const wxFail = (api: string, why: string) => ({ errMsg: `${api}:fail ${why}` })

export function createWx(host: WxHost, initial: WxSettings = {}): WxDevice {
  const settings = { ...initial, appBaseInfo: { ...initial.appBaseInfo } }
  const record: WxRecord = { subscribeRequests: [], toasts: [], modals: [], scans: [], privacyListeners: [], calls: [] }
  const storage = new Map<string, string>()
  const scanQueue: string[] = []
  let online = true
  const networkListeners = new Set<Callback>()

  /**
   * An asynchronous API in WeChat's two styles: success/fail/complete callbacks, or a promise when
   * none is given. `impl` runs at call time (so a check such as "inside a tap" sees the call's moment);
   * the outcome arrives on a later tick.
   */
  function asyncApi(name: string, impl: (o: Options) => Promise<Options> | Options) {
    return (options: Options = {}) => {
      record.calls.push({ api: name, options })
      const { success, fail, complete } = options
      let outcome: Promise<Options>
      try {
        outcome = Promise.resolve(impl(options))
      } catch (e) {
        outcome = Promise.reject(e)
      }
      const settled = outcome.then(
        (res) => new Promise<Options>((r) => host.setTimeout(() => r(host.toRealm({ errMsg: `${name}:ok`, ...res })), 0)),
        (err) => new Promise<never>((_, reject) => host.setTimeout(() => reject(host.toRealm(err?.errMsg ? err : wxFail(name, String(err)))), 0)),
      )
      if (!success && !fail && !complete) return settled
      settled.then(
        (res) => {
          success?.(res)
          complete?.(res)
        },
        (err) => {
          fail?.(err)
          complete?.(err)
        },
      )
      return undefined
    }
  }

  const storageBytes = () => [...storage.entries()].reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0)
  function setItem(api: string, key: string, data: unknown): void {
    if (typeof key !== 'string' || !key) throw wxFail(api, 'parameter error: key should be String')
    const text = JSON.stringify(data === undefined ? null : data)
    if (Buffer.byteLength(text) > STORAGE_KEY_MAX_BYTES) throw wxFail(api, 'exceed storage item max length')
    const before = storage.get(key)
    storage.set(key, text)
    if (storageBytes() > STORAGE_TOTAL_MAX_BYTES) {
      if (before === undefined) storage.delete(key)
      else storage.set(key, before)
      throw wxFail(api, 'exceed storage max size 10Mb')
    }
  }
  const getItem = (key: string): unknown => (storage.has(key) ? host.toRealm(JSON.parse(storage.get(key)!)) : '')

  const wx: Record<string, unknown> = {
    ...simulateApi,

    getAppBaseInfo: () => host.toRealm({ ...(simulateApi.getAppBaseInfo as () => object)(), fontSizeScaleFactor: 1, fontSizeSetting: 17, ...settings.appBaseInfo }),
    getSystemInfoSync: () => host.toRealm({ ...(simulateApi.getSystemInfoSync as () => object)(), fontSizeSetting: 17, ...settings.systemInfo }),
    getSystemInfo: asyncApi('getSystemInfo', () => ({ ...(simulateApi.getSystemInfoSync as () => object)(), fontSizeSetting: 17, ...settings.systemInfo })),
    getLaunchOptionsSync: () => host.toRealm({ path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} }),
    getEnterOptionsSync: () => host.toRealm({ path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} }),
    nextTick: (fn: () => void) => void host.setTimeout(fn, 0),

    // Storage: kept as JSON per key, with WeChat's limits.
    setStorageSync: (key: string, data: unknown) => setItem('setStorageSync', key, data),
    getStorageSync: (key: string) => getItem(key),
    removeStorageSync: (key: string) => void storage.delete(key),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => host.toRealm({ keys: [...storage.keys()], currentSize: Math.ceil(storageBytes() / 1024), limitSize: STORAGE_TOTAL_MAX_BYTES / 1024 }),
    setStorage: asyncApi('setStorage', (o) => (setItem('setStorage', o.key, o.data), {})),
    getStorage: asyncApi('getStorage', (o) => {
      if (!storage.has(o.key)) throw wxFail('getStorage', 'data not found')
      return { data: getItem(o.key) }
    }),
    removeStorage: asyncApi('removeStorage', (o) => (storage.delete(o.key), {})),
    clearStorage: asyncApi('clearStorage', () => (storage.clear(), {})),

    // Network
    getNetworkType: asyncApi('getNetworkType', () => ({ networkType: online ? 'wifi' : 'none', signalStrength: online ? 80 : 0, hasSystemProxy: false })),
    onNetworkStatusChange: (cb: Callback) => void networkListeners.add(cb),
    offNetworkStatusChange: (cb?: Callback) => (cb ? void networkListeners.delete(cb) : networkListeners.clear()),

    // The scanner hands out what the test queued; an empty queue is the user closing it.
    scanCode: asyncApi('scanCode', () => {
      record.scans.push({ insideTap: host.insideTap() })
      const result = scanQueue.shift()
      if (result === undefined) throw wxFail('scanCode', 'cancel')
      return { result, scanType: 'QR_CODE', charSet: 'utf-8', rawData: Buffer.from(result).toString('base64') }
    }),

    // WeChat refuses the subscribe dialog outside a tap ("can only be invoked by user TAP gesture").
    requestSubscribeMessage: asyncApi('requestSubscribeMessage', (o) => {
      const insideTap = host.insideTap()
      const tmplIds: string[] = Array.isArray(o.tmplIds) ? [...o.tmplIds] : []
      record.subscribeRequests.push({ tmplIds, insideTap, stack: new Error('requestSubscribeMessage').stack ?? '' })
      if (!insideTap) throw { errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.', errCode: 20004 }
      if (tmplIds.length === 0) throw { errMsg: 'requestSubscribeMessage:fail TmplIds can\'t be empty', errCode: 10001 }
      return Object.fromEntries(tmplIds.map((id) => [id, settings.subscribeAnswer ?? 'accept']))
    }),

    // Privacy (base library 2.32.3+): the app registers how it asks; the test plays WeChat's part.
    onNeedPrivacyAuthorization: (listener: (resolve: (r: unknown) => void) => void) => void record.privacyListeners.push(listener),
    getPrivacySetting: asyncApi('getPrivacySetting', () => ({ needAuthorization: true, privacyContractName: '《科普环翠小程序隐私保护指引》' })),
    requirePrivacyAuthorize: asyncApi('requirePrivacyAuthorize', () => ({})),

    // Interface
    showToast: asyncApi('showToast', (o) => (record.toasts.push({ title: String(o.title ?? ''), icon: o.icon }), {})),
    hideToast: asyncApi('hideToast', () => ({})),
    showLoading: asyncApi('showLoading', () => ({})),
    hideLoading: asyncApi('hideLoading', () => ({})),
    showModal: asyncApi('showModal', (o) => {
      record.modals.push({ title: o.title, content: o.content })
      const confirm = settings.modalConfirm ?? true
      return { confirm, cancel: !confirm, content: o.editable ? '' : undefined }
    }),
    setNavigationBarTitle: asyncApi('setNavigationBarTitle', (o) => (host.setTitle(String(o.title ?? '')), {})),
    stopPullDownRefresh: asyncApi('stopPullDownRefresh', () => ({})),
    startPullDownRefresh: asyncApi('startPullDownRefresh', () => ({})),

    // Routing goes to the device's page stack.
    navigateTo: asyncApi('navigateTo', (o) => host.navigate('navigateTo', String(o.url)).then(() => ({}))),
    redirectTo: asyncApi('redirectTo', (o) => host.navigate('redirectTo', String(o.url)).then(() => ({}))),
    switchTab: asyncApi('switchTab', (o) => host.navigate('switchTab', String(o.url)).then(() => ({}))),
    reLaunch: asyncApi('reLaunch', (o) => host.navigate('reLaunch', String(o.url)).then(() => ({}))),
    navigateBack: asyncApi('navigateBack', (o) => host.navigateBack(Number(o.delta ?? 1)).then(() => ({}))),

    // Layout queries: the harness has no layout, so every node is reported as not found (null), as
    // WeChat does for a selector that matches nothing. (simulate's stub returns nothing from select().)
    createSelectorQuery: () => selectorQuery(host),

    cloud: host.cloud,
  }

  return {
    wx,
    record,
    storage,
    scanQueue,
    isOnline: () => online,
    setAppBaseInfo: (patch) => Object.assign(settings.appBaseInfo, patch),
    setOnline(next) {
      if (next === online) return
      online = next
      for (const cb of [...networkListeners]) cb(host.toRealm({ isConnected: online, networkType: online ? 'wifi' : 'none' }))
    },
  }
}
