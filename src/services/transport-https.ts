// The mini-program's transport to a self-hosted service: `POST <base>/api/<function>` over wx.request
// to the HTTPS domain registered in the mini-program's admin console (request 合法域名). Mini-programs
// keep no cookies, so the session is a token: `wx.login`'s code is exchanged by the gateway for an
// account and a token (server/gateway.ts, `/api/wechat`), kept in storage and sent back as
// `Authorization: Bearer`. When the gateway says the token is no session (expired or signed out), the
// transport signs in again and repeats the request once: that request ran anonymously, so it changed
// nothing.
// Platform-neutral: the wx calls come in as `HttpsPlatform`, so jest runs it against a real gateway.

import { ApiError, networkError, type Reply, type Transport } from './transport-core'

/** The gateway's reply header for a bearer token that is no session (server/gateway.ts). */
export const SESSION_INVALID_HEADER = 'x-kepu-session'
/** Where the token is kept in the mini-program's storage. */
export const SESSION_TOKEN_STORAGE_KEY = 'kepu_session_token'
/** wx.request's own default is 60 s; a sign-up answered later than this is better retried by the user. */
export const REQUEST_TIMEOUT_MS = 15_000

export interface HttpsResponse {
  readonly statusCode: number
  readonly data: unknown
  readonly header: Readonly<Record<string, string | undefined>>
}

/** What the transport needs of the platform: wx.request, wx.login and a little storage. */
export interface HttpsPlatform {
  request(options: { url: string; method: 'POST'; header: Record<string, string>; data: unknown; timeout: number }): Promise<HttpsResponse>
  /** wx.login's one-time code. */
  login(): Promise<string>
  loadToken(): string | null
  saveToken(token: string | null): void
}

const isReply = (v: unknown): v is Reply => !!v && typeof v === 'object' && typeof (v as Reply).ok === 'boolean'

const headerOf = (res: HttpsResponse, name: string): string | undefined => {
  for (const [k, v] of Object.entries(res.header ?? {})) if (k.toLowerCase() === name) return v
  return undefined
}

/** A transport to `base` (`https://kepu.example.gov.cn`, no trailing slash needed). */
export function httpsTransport(base: string, platform: HttpsPlatform): Transport {
  const root = base.replace(/\/+$/, '')
  let token: string | null = platform.loadToken()
  let signingIn: Promise<string> | null = null

  async function post(path: string, body: unknown, bearer: string | null): Promise<{ reply: Reply; sessionInvalid: boolean }> {
    let res: HttpsResponse
    try {
      res = await platform.request({
        url: `${root}${path}`,
        method: 'POST',
        header: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        data: body,
        timeout: REQUEST_TIMEOUT_MS,
      })
    } catch {
      throw networkError()
    }
    let data = res.data
    if (typeof data === 'string') {
      try {
        data = JSON.parse(data)
      } catch {
        throw networkError()
      }
    }
    if (!isReply(data)) throw networkError()
    return { reply: data, sessionInvalid: headerOf(res, SESSION_INVALID_HEADER) === 'invalid' }
  }

  async function signIn(): Promise<string> {
    let code: string
    try {
      code = await platform.login()
    } catch {
      throw networkError()
    }
    const { reply } = await post('/api/wechat', { action: 'signIn', data: { code } }, null)
    if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message, reply.error.field)
    const fresh = (reply.data as { token?: unknown }).token
    if (typeof fresh !== 'string') throw networkError()
    token = fresh
    platform.saveToken(fresh)
    return fresh
  }

  /** The stored token, or one sign-in shared by every call that needs it at the same time. */
  const session = (): Promise<string> =>
    token ? Promise.resolve(token) : (signingIn ??= signIn().finally(() => (signingIn = null)))

  return {
    async invoke(fn, action, data) {
      const body = { action, data }
      const used = await session()
      const first = await post(`/api/${fn}`, body, used)
      if (!first.sessionInvalid) return first.reply
      // Another call may have signed in again meanwhile: only the token that failed is dropped.
      if (token === used) {
        token = null
        platform.saveToken(null)
      }
      return (await post(`/api/${fn}`, body, await session())).reply
    },
  }
}
