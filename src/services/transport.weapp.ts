// WeChat: cloud functions; identity is the caller's OPENID, resolved by the cloud.

import Taro from '@tarojs/taro'
import { createCall, networkError, type Reply, type Transport } from './transport-core'

export * from './transport-core'

let initialized = false

/** Taro.cloud.init once; an empty env id means the project's default environment. */
export function initTransport(): void {
  if (initialized) return
  initialized = true
  const env = process.env.TARO_APP_CLOUD_ENV
  Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true })
}

export const transport: Transport = {
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

export const call = createCall(transport)
