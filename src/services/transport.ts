// Taro resolves './transport' to transport.h5.ts or transport.weapp.ts per platform; this file is the
// shared interface the type checker sees and the fallback for any other platform.

import { createCall, networkError, type Transport } from './transport-core'

export * from './transport-core'

export const transport: Transport = {
  invoke: async () => {
    throw networkError()
  },
}

/** Prepares the platform once at app start. */
export function initTransport(): void {}

export const call = createCall(transport)
