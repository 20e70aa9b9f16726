// The mini-program on a self-hosted service: the HTTPS transport (src/services/transport-https.ts)
// against the real gateway, whose WeChat sign-in exchanges wx.login codes at a stub jscode2session
// server on loopback. The openid becomes the account, the session token travels in a header. On
// PostgreSQL, the self-hosted database.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createGateway } from '../../server/gateway'
import type { PgStore } from '../../server/postgres/store'
import { openPgTestStore } from '../support/pg-store'
import { jscode2session } from '../../server/wechat-login'
import { httpsTransport, type HttpsPlatform } from '../../src/services/transport-https'
import { createCall, isApiError } from '../../src/services/transport-core'
import { T0 } from '../support/factories'
import { TEST_SIGNING_KEY } from '../support/server-harness'

const APPID = 'wx0123456789abcdef'
const SECRET = 'test-secret'

/** WeChat's jscode2session as a table of codes: each code is good once, as in WeChat. */
function startStubWechat() {
  const openids = new Map<string, string>()
  const used = new Set<string>()
  const seen: URLSearchParams[] = []
  let down = false
  const server = http.createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams
    seen.push(q)
    // WeChat answers JSON as text/plain.
    const answer = (body: unknown, status = 200) => {
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(typeof body === 'string' ? body : JSON.stringify(body))
    }
    if (down) return answer('<html>502 Bad Gateway</html>', 502)
    if (!req.url?.startsWith('/sns/jscode2session') || q.get('appid') !== APPID || q.get('secret') !== SECRET || q.get('grant_type') !== 'authorization_code') {
      return answer({ errcode: 40013, errmsg: 'invalid appid' })
    }
    const code = q.get('js_code') ?? ''
    const openid = openids.get(code)
    if (!openid) return answer({ errcode: 40029, errmsg: 'invalid code' })
    if (used.has(code)) return answer({ errcode: 40163, errmsg: 'code been used' })
    used.add(code)
    answer({ openid, session_key: 'c2Vzc2lvbi1rZXk=' })
  })
  return {
    server,
    seen,
    issue: (code: string, openid: string) => openids.set(code, openid),
    setDown: (d: boolean) => (down = d),
  }
}

/** wx.request, wx.login and storage over Node's fetch; `codes` is what wx.login hands out, in turn. */
function nodePlatform(codes: string[]) {
  const state = { logins: 0, stored: null as string | null }
  const platform: HttpsPlatform = {
    async request({ url, method, header, data }) {
      const res = await fetch(url, { method, headers: header, body: JSON.stringify(data) })
      const text = await res.text()
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {}
      const received: Record<string, string> = {}
      res.headers.forEach((value, name) => (received[name] = value))
      return { statusCode: res.status, data: body, header: received }
    },
    async login() {
      state.logins++
      const code = codes.shift()
      if (!code) throw new Error('no more codes')
      return code
    },
    loadToken: () => state.stored,
    saveToken: (t) => (state.stored = t),
  }
  return { platform, state }
}

describe('WeChat sign-in over HTTPS to a self-hosted gateway', () => {
  let store: PgStore
  let wechat: ReturnType<typeof startStubWechat>
  let gateway: http.Server
  let base: string
  const logged: unknown[] = []

  beforeEach(async () => {
    store = await openPgTestStore({ max: 4 })
    wechat = startStubWechat()
    await new Promise<void>((r) => wechat.server.listen(0, '127.0.0.1', r))
    const apiBase = `http://127.0.0.1:${(wechat.server.address() as AddressInfo).port}`
    gateway = createGateway({
      deps: { store, clock: { now: () => T0 }, random: Math.random, signingKey: TEST_SIGNING_KEY },
      sessions: store,
      staticDir: null,
      sessionHours: 72,
      log: (m, e) => logged.push([m, e]),
      wechatLogin: jscode2session({ appId: APPID, secret: SECRET, apiBase }),
    })
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/`
  })
  afterEach(async () => {
    await new Promise<void>((r) => gateway.close(() => r()))
    await new Promise<void>((r) => wechat.server.close(() => r()))
    await store.close()
  })

  it('signs in with the wx.login code on the first call, as a resident named by the openid, and sends the token after', async () => {
    wechat.issue('code-1', 'oAbCdEfGhIjKlMnOpQrStUvWxYz1')
    const { platform, state } = nodePlatform(['code-1'])
    const call = createCall(httpsTransport(base, platform))

    // Three calls at once share one sign-in.
    const replies = await Promise.all([call('session', 'whoami', {}), call('session', 'whoami', {}), call('session', 'whoami', {})])
    for (const r of replies) expect(r.user).toEqual({ id: 'oAbCdEfGhIjKlMnOpQrStUvWxYz1', role: 'resident', displayName: '微信用户' })
    expect(state.logins).toBe(1)
    expect(state.stored).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(wechat.seen).toHaveLength(1)
    expect(Object.fromEntries(wechat.seen[0])).toEqual({ appid: APPID, secret: SECRET, js_code: 'code-1', grant_type: 'authorization_code' })
    expect(await store.getSessionUser(state.stored!, T0)).toBe('oAbCdEfGhIjKlMnOpQrStUvWxYz1')

    // A signed-in action works with the header alone (mini-programs send no cookies).
    expect(await call('persons', 'list', {})).toEqual(expect.anything())
    expect(state.logins).toBe(1)
  })

  it('signs in again and repeats the call once when the token is no longer a session', async () => {
    wechat.issue('code-1', 'openid-returning-user')
    wechat.issue('code-2', 'openid-returning-user')
    const { platform, state } = nodePlatform(['code-1', 'code-2'])
    const call = createCall(httpsTransport(base, platform))
    await call('session', 'whoami', {})
    const first = state.stored!
    await store.deleteSession(first)

    expect((await call('session', 'whoami', {})).user).toMatchObject({ id: 'openid-returning-user' })
    expect(state.logins).toBe(2)
    expect(state.stored).not.toBe(first)
    // The same account, not a second one.
    expect((await store.listUsers()).map((u) => u.id)).toEqual(['openid-returning-user'])
  })

  it('refuses a code WeChat refuses, and says so when WeChat cannot be reached, creating nobody', async () => {
    wechat.issue('used-code', 'openid-x')
    // A code WeChat never issued, then one already used by someone else.
    await expect(createCall(httpsTransport(base, nodePlatform(['forged']).platform))('session', 'whoami', {})).rejects.toMatchObject({ code: 'AUTH.WECHAT_CODE_INVALID', message: '微信登录已失效，请重新进入小程序' })
    await createCall(httpsTransport(base, nodePlatform(['used-code']).platform))('session', 'whoami', {})
    const replay = createCall(httpsTransport(base, nodePlatform(['used-code']).platform))
    await expect(replay('session', 'whoami', {})).rejects.toMatchObject({ code: 'AUTH.WECHAT_CODE_INVALID' })

    wechat.setDown(true)
    wechat.issue('code-down', 'openid-y')
    const failure = await createCall(httpsTransport(base, nodePlatform(['code-down']).platform))('session', 'whoami', {}).catch((e) => e)
    expect(isApiError(failure) && failure.code).toBe('AUTH.WECHAT_UNAVAILABLE')
    expect((await store.listUsers()).map((u) => u.id)).toEqual(['openid-x'])
    expect(logged).toHaveLength(1)
  })

  it('takes identity only from WeChat: an openid in the body is refused, a made-up bearer token is no one', async () => {
    wechat.issue('code-1', 'openid-real')
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}api/wechat`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then((r) => r.json())
    expect(await post({ action: 'signIn', data: { code: 'code-1', openid: 'openid-admin' } })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } })
    expect(await store.listUsers()).toEqual([])

    const res = await fetch(`${base}api/session`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer made-up-token-0123456789' }, body: JSON.stringify({ action: 'whoami', data: {} }) })
    expect(res.headers.get('x-kepu-session')).toBe('invalid')
    expect(await res.json()).toEqual({ ok: true, data: { user: null } })

    // Signing out ends the session on every gateway (it is the database's).
    const signedIn = await post({ action: 'signIn', data: { code: 'code-1' } })
    expect(signedIn).toMatchObject({ ok: true, data: { user: { id: 'openid-real' }, expiresAt: '2026-09-04T00:00:00.000Z' } })
    expect(await post({ action: 'signOut' }, { authorization: `Bearer ${signedIn.data.token}` })).toEqual({ ok: true, data: { user: null } })
    expect(await store.getSessionUser(signedIn.data.token, T0)).toBeNull()
  })

  it('offers no WeChat sign-in where the gateway has no WeChat credentials', async () => {
    const plain = createGateway({ deps: { store, clock: { now: () => T0 }, random: Math.random }, sessions: store, staticDir: null, sessionHours: 72, log: () => {} })
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r))
    try {
      const res = await fetch(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/api/wechat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'signIn', data: { code: 'x' } }) })
      expect(res.status).toBe(404)
    } finally {
      await new Promise<void>((r) => plain.close(() => r()))
    }
  })
})
