// WeChat: cloud functions (identity is the caller's OPENID, resolved by the cloud), or, when the build
// names a self-hosted service (TARO_APP_API_BASE=https://kepu.example.gov.cn, config/index.ts),
// HTTPS requests to it with a session from wx.login (transport-https.ts). Chosen at build time: the
// constant is replaced by the build, so the minifier drops the path not taken.

import Taro from '@tarojs/taro'
import { createCall, networkError, type Reply, type Transport } from './transport-core'
import { httpsTransport, SESSION_TOKEN_STORAGE_KEY, type HttpsPlatform } from './transport-https'

export * from './transport-core'

/** The self-hosted service's HTTPS origin; empty means CloudBase. */
const API_BASE: string = process.env.TARO_APP_API_BASE ?? ''

let initialized = false

/** Taro.cloud.init once (CloudBase builds only); an empty env id means the project's default environment. */
export function initTransport(): void {
  if (initialized || API_BASE) return
  initialized = true
  const env = process.env.TARO_APP_CLOUD_ENV
  Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true })
}

const cloudTransport: Transport = {
  invoke: async (fn, action, data) => {
    initTransport()
    let result: unknown
    try {
      const res = await Taro.cloud.callFunction({ name: fn, data: { action, data } as never })
      result = res.result
    } catch {
      throw networkError()
    }
    if (!result || typeof result !== 'object' || typeof (result as Reply).ok !== 'boolean') throw networkError()
    return result as Reply
  },
}

const wxPlatform: HttpsPlatform = {
  request: async ({ url, method, header, data, timeout }) => {
    const res = await Taro.request({ url, method, header, data: data as never, timeout, dataType: 'json' })
    return { statusCode: res.statusCode, data: res.data, header: res.header as Record<string, string> }
  },
  login: async () => (await Taro.login()).code,
  loadToken: () => {
    try {
      const t: unknown = Taro.getStorageSync(SESSION_TOKEN_STORAGE_KEY)
      return typeof t === 'string' && t ? t : null
    } catch {
      return null
    }
  },
  saveToken: (token) => {
    try {
      if (token) Taro.setStorageSync(SESSION_TOKEN_STORAGE_KEY, token)
      else Taro.removeStorageSync(SESSION_TOKEN_STORAGE_KEY)
    } catch {
      // Storage full or unavailable: the session lasts as long as this run of the mini-program.
    }
  },
}

export const transport: Transport = API_BASE ? httpsTransport(API_BASE, wxPlatform) : cloudTransport

export const call = createCall(transport)
