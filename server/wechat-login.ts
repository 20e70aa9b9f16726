// The WeChat sign-in of the self-hosted service: the mini-program's `wx.login` code is exchanged at
// WeChat's `jscode2session` for the user's openid (the same id CloudBase hands its functions as
// OPENID). Only the openid is kept; the session_key WeChat returns beside it is dropped, since
// nothing here decrypts WeChat's encrypted user data.

import type { WechatLoginConfig } from './config'

export type CodeExchangeResult =
  | { readonly ok: true; readonly openid: string }
  | { readonly ok: false; readonly code: 'AUTH.WECHAT_CODE_INVALID' | 'AUTH.WECHAT_UNAVAILABLE'; readonly detail: string }

/** Turns one `wx.login` code into an openid, or says why not. */
export type CodeExchange = (code: string) => Promise<CodeExchangeResult>

/** WeChat's answers that mean the code itself is no good (invalid, already used, user blocked as high risk). */
const CODE_REFUSED = new Set([40029, 40163, 40226])
/** How long WeChat may take to answer before the sign-in is refused as unavailable. */
const EXCHANGE_TIMEOUT_MS = 5_000

export function jscode2session(config: WechatLoginConfig, fetchImpl: typeof fetch = fetch): CodeExchange {
  return async (code) => {
    const url = new URL(`${config.apiBase}/sns/jscode2session`)
    url.searchParams.set('appid', config.appId)
    url.searchParams.set('secret', config.secret)
    url.searchParams.set('js_code', code)
    url.searchParams.set('grant_type', 'authorization_code')
    let body: { openid?: unknown; errcode?: unknown; errmsg?: unknown }
    try {
      const res = await fetchImpl(url, { signal: AbortSignal.timeout(EXCHANGE_TIMEOUT_MS) })
      // WeChat answers JSON with `text/plain` as its content type: parse the text.
      body = JSON.parse(await res.text())
    } catch (err) {
      return { ok: false, code: 'AUTH.WECHAT_UNAVAILABLE', detail: err instanceof Error ? err.message : String(err) }
    }
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0
    if (errcode === 0 && typeof body.openid === 'string' && body.openid.length > 0) return { ok: true, openid: body.openid }
    const detail = `jscode2session errcode ${errcode}: ${String(body.errmsg ?? '')}`.slice(0, 200)
    return { ok: false, code: CODE_REFUSED.has(errcode) ? 'AUTH.WECHAT_CODE_INVALID' : 'AUTH.WECHAT_UNAVAILABLE', detail }
  }
}
