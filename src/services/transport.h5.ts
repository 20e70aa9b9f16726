// H5: POST /api/<function> on the same origin; the session travels in a cookie.

import { createCall, networkError, type Reply, type Transport } from './transport-core'

export * from './transport-core'

/** POSTs `{ action, data }` as JSON; any reply body that is not a wire reply counts as a network failure. */
export async function postJson(path: string, body: unknown): Promise<Reply> {
  let res: Response
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  } catch {
    throw networkError()
  }
  let reply: unknown
  try {
    reply = await res.json()
  } catch {
    throw networkError()
  }
  if (!reply || typeof reply !== 'object' || typeof (reply as Reply).ok !== 'boolean') throw networkError()
  return reply as Reply
}

export const transport: Transport = {
  invoke: (fn, action, data) => postJson(`/api/${fn}`, { action, data }),
}

export function initTransport(): void {}

export const call = createCall(transport)
