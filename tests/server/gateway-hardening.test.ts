// The gateway against what an outside security check tried: URLs that do not decode, a path out of
// the build directory, cross-site writes, a malformed session cookie, the demo sign-in in
// production, missing security headers. Every refused request answers a typed code and writes nothing.
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { loadConfig, isLoopbackHost } from '../../server/config'
import { startServer } from '../../server/main'
import { startHarness, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { at } from '../support/factories'

const U = WORLD.users
const P = WORLD.persons
const A = WORLD.activities

interface RawReply {
  readonly status: number
  readonly headers: http.IncomingHttpHeaders
  readonly text: string
  readonly json: any
}

/** One request exactly as given (no URL normalisation, no default headers beyond Host). */
function raw(baseUrl: string, method: string, pathname: string, headers: Record<string, string> = {}, body?: string): Promise<RawReply> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, method, path: pathname, headers: { ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json: any
        try {
          json = JSON.parse(text)
        } catch {
          json = undefined
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

const INLINE_SCRIPT = '!function(){document.documentElement.style.fontSize="20px"}();'
const INDEX_HTML = `<!doctype html><html><head><title>科普环翠</title><script>${INLINE_SCRIPT}</script><script defer src="/js/app.0123abcd.js"></script></head><body><div id="app"></div></body></html>`
const ASSET = 'console.log("app")'
const SECRET = 'the-sibling-folder-secret'

/** tmp/h5 (index.html, js/app.<hash>.js) beside tmp/h5-old/secret.txt. */
function makeBuild(): { root: string; h5: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-static-'))
  const h5 = path.join(root, 'h5')
  fs.mkdirSync(path.join(h5, 'js'), { recursive: true })
  fs.writeFileSync(path.join(h5, 'index.html'), INDEX_HTML)
  fs.writeFileSync(path.join(h5, 'js', 'app.0123abcd.js'), ASSET)
  fs.mkdirSync(path.join(root, 'h5-old'))
  fs.writeFileSync(path.join(root, 'h5-old', 'secret.txt'), SECRET)
  return { root, h5 }
}

const signUpBody = JSON.stringify({ action: 'signUp', data: { activityId: A.open, personId: P.resident } })

describe('the gateway against hostile requests', () => {
  let h: Harness
  let build: { root: string; h5: string }
  const logged: unknown[] = []
  beforeEach(async () => {
    build = makeBuild()
    logged.length = 0
    h = await startHarness(at(1), { staticDir: build.h5, log: (_m, e) => logged.push(e) })
    await buildWorld(h.store)
  })
  afterEach(async () => {
    await h.close()
    fs.rmSync(build.root, { recursive: true, force: true })
  })

  describe('URLs that do not decode', () => {
    it.each(['/%', '/%zz', '/%E0%A4%A', '/assets/%C0%AF', '/js/%'])('answers %s with 400 REQUEST.BAD_URL and keeps serving', async (url) => {
      const bad = await raw(h.url, 'GET', url)
      expect(bad.status).toBe(400)
      expect(bad.json).toMatchObject({ ok: false, error: { code: 'REQUEST.BAD_URL' } })
      const page = await raw(h.url, 'GET', '/')
      expect(page.status).toBe(200)
      expect(page.text).toBe(INDEX_HTML)
      const api = await h.call('activities', 'list', { limit: 1 })
      expect(api.ok).toBe(true)
    })
  })

  describe('one guard around every request', () => {
    it('answers a synchronous throw while serving a file with 500 SYSTEM.ERROR, logs it and keeps serving', async () => {
      // index.html as a folder: it exists, and reading it throws EISDIR in the middle of serving.
      fs.rmSync(path.join(build.h5, 'index.html'))
      fs.mkdirSync(path.join(build.h5, 'index.html'))
      const failed = await raw(h.url, 'GET', '/')
      expect(failed.status).toBe(500)
      expect(failed.json).toEqual({ ok: false, error: { code: 'SYSTEM.ERROR', message: expect.any(String) } })
      expect(logged).toEqual([expect.objectContaining({ code: 'EISDIR' })])
      expect((await raw(h.url, 'GET', '/js/app.0123abcd.js')).text).toBe(ASSET)
      expect((await h.call('activities', 'list', { limit: 1 })).ok).toBe(true)
    })

    it('answers a rejected promise (the session store failing) with 500 SYSTEM.ERROR and keeps serving', async () => {
      const cookie = await h.sessionCookie(U.resident)
      h.store.db.exec('DROP TABLE sessions')
      const failed = await raw(h.url, 'POST', '/api/registrations', { 'content-type': 'application/json', cookie }, JSON.stringify({ action: 'listMine', data: {} }))
      expect(failed.status).toBe(500)
      expect(failed.json).toMatchObject({ ok: false, error: { code: 'SYSTEM.ERROR' } })
      expect(logged).toHaveLength(1)
      expect((await h.call('activities', 'list', { limit: 1 })).ok).toBe(true)
    })
  })

  describe('static files stay inside the build directory', () => {
    it.each(['/..%2fh5-old/secret.txt', '/js/..%2f..%2fh5-old%2fsecret.txt', '/..%2F..%2Fh5-old/secret.txt'])('does not serve the sibling folder through %s', async (url) => {
      const reply = await raw(h.url, 'GET', url)
      expect(reply.text).not.toContain(SECRET)
      expect(reply.status).toBe(400)
      expect(reply.json).toMatchObject({ ok: false, error: { code: 'REQUEST.BAD_URL' } })
    })

    it('still serves files inside it, and index.html for unknown paths', async () => {
      expect((await raw(h.url, 'GET', '/js/app.0123abcd.js')).text).toBe(ASSET)
      expect((await raw(h.url, 'GET', '/js/../js/app.0123abcd.js')).text).toBe(ASSET)
      expect((await raw(h.url, 'GET', '/pages/nowhere')).text).toBe(INDEX_HTML)
      expect((await raw(h.url, 'GET', '/js/')).text).toBe(INDEX_HTML)
    })
  })

  describe('methods', () => {
    it.each([
      ['POST', '/'],
      ['PUT', '/js/app.0123abcd.js'],
      ['DELETE', '/index.html'],
      ['PATCH', '/pages/nowhere'],
    ])('answers %s %s with 405 REQUEST.METHOD_NOT_ALLOWED and Allow: GET, HEAD', async (method, url) => {
      const reply = await raw(h.url, method, url, { 'content-type': 'application/json' }, '{}')
      expect(reply.status).toBe(405)
      expect(reply.headers.allow).toBe('GET, HEAD')
      expect(reply.json).toMatchObject({ ok: false, error: { code: 'REQUEST.METHOD_NOT_ALLOWED' } })
    })

    it('answers HEAD with the headers of GET and no body', async () => {
      const get = await raw(h.url, 'GET', '/js/app.0123abcd.js')
      const head = await raw(h.url, 'HEAD', '/js/app.0123abcd.js')
      expect(head.status).toBe(200)
      expect(head.text).toBe('')
      expect(head.headers['content-type']).toBe(get.headers['content-type'])
      expect(head.headers['content-length']).toBe(String(Buffer.byteLength(ASSET)))
    })

    it.each(['GET', 'PUT', 'DELETE'])('answers %s on /api/<function> with 405 REQUEST.METHOD_NOT_ALLOWED and Allow: POST', async (method) => {
      const reply = await raw(h.url, method, '/api/activities')
      expect(reply.status).toBe(405)
      expect(reply.headers.allow).toBe('POST')
      expect(reply.json).toMatchObject({ ok: false, error: { code: 'REQUEST.METHOD_NOT_ALLOWED' } })
    })
  })

  describe('security headers', () => {
    const expectSecurityHeaders = (reply: RawReply) => {
      expect(reply.headers['x-content-type-options']).toBe('nosniff')
      expect(reply.headers['referrer-policy']).toBe('same-origin')
      const csp = String(reply.headers['content-security-policy'])
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/)
      return csp
    }

    it('are sent on the page, with the hash of its inline script and nothing else inline for scripts', async () => {
      const page = await raw(h.url, 'GET', '/')
      expect(page.status).toBe(200)
      const csp = expectSecurityHeaders(page)
      const hash = crypto.createHash('sha256').update(INLINE_SCRIPT, 'utf8').digest('base64')
      expect(csp).toMatch(new RegExp(`script-src 'self' '${`sha256-${hash}`.replace(/[+/=]/g, '\\$&')}'(;|$)`))
    })

    it('are sent on an asset, on API replies and on refusals', async () => {
      expectSecurityHeaders(await raw(h.url, 'GET', '/js/app.0123abcd.js'))
      const api = await raw(h.url, 'POST', '/api/activities', { 'content-type': 'application/json' }, JSON.stringify({ action: 'list', data: {} }))
      expect(api.json.ok).toBe(true)
      expectSecurityHeaders(api)
      expectSecurityHeaders(await raw(h.url, 'POST', '/api/nothing', { 'content-type': 'application/json' }, '{}'))
      expectSecurityHeaders(await raw(h.url, 'GET', '/%'))
    })
  })

  describe('cross-site writes', () => {
    let cookie: string
    let before: string
    beforeEach(async () => {
      cookie = await h.sessionCookie(U.resident)
      before = h.snapshot()
    })
    const signUp = (headers: Record<string, string>) => raw(h.url, 'POST', '/api/registrations', { cookie, ...headers }, signUpBody)

    it.each([
      ['text/plain', { 'content-type': 'text/plain' }],
      ['text/plain;charset=UTF-8 (what a bare fetch sends)', { 'content-type': 'text/plain;charset=UTF-8' }],
      ['a form post', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }],
      ['no content type', {}],
      ['a JSON look-alike', { 'content-type': 'application/jsonp' }],
    ])('refuses %s with 415 REQUEST.UNSUPPORTED_MEDIA_TYPE and writes nothing', async (_name, headers) => {
      const reply = await signUp(headers)
      expect(reply.status).toBe(415)
      expect(reply.json).toMatchObject({ ok: false, error: { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' } })
      expect(h.snapshot()).toBe(before)
    })

    it.each([
      ['another site', { origin: 'http://evil.example' }],
      ['another port of this host', { origin: 'http://127.0.0.1:1' }],
      ['an opaque origin', { origin: 'null' }],
      ['Sec-Fetch-Site: cross-site without an Origin', { 'sec-fetch-site': 'cross-site' }],
    ])('refuses a JSON post from %s with 403 REQUEST.CROSS_SITE and writes nothing', async (_name, headers) => {
      const reply = await signUp({ 'content-type': 'application/json', ...headers })
      expect(reply.status).toBe(403)
      expect(reply.json).toMatchObject({ ok: false, error: { code: 'REQUEST.CROSS_SITE' } })
      expect(h.snapshot()).toBe(before)
    })

    it('refuses a cross-site demo sign-in without setting a cookie', async () => {
      await h.store.putUser({ id: 'demo-admin' as any, role: 'admin', displayName: '区科协管理员', createdAt: at(0) })
      const reply = await raw(h.url, 'POST', '/api/demo', { 'content-type': 'application/json', origin: 'http://evil.example' }, JSON.stringify({ action: 'signIn', data: { userId: 'demo-admin' } }))
      expect(reply.status).toBe(403)
      expect(reply.headers['set-cookie']).toBeUndefined()
    })

    it.each<[string, Record<string, string>]>([
      ['its own origin', { 'content-type': 'application/json', origin: 'OWN' }],
      ['its own host over https (behind a TLS proxy that keeps Host)', { 'content-type': 'application/json', origin: 'OWN-HTTPS' }],
      ['no Origin (curl, scripts)', { 'content-type': 'application/json' }],
      ['a charset parameter and Sec-Fetch-Site: same-origin', { 'content-type': 'application/json; charset=utf-8', 'sec-fetch-site': 'same-origin' }],
    ])('accepts a JSON post with %s', async (_name, headers) => {
      const own = { OWN: h.url, 'OWN-HTTPS': h.url.replace(/^http:/, 'https:') }[headers.origin ?? '']
      const reply = await signUp(own ? { ...headers, origin: own } : headers)
      expect(reply.status).toBe(200)
      expect(reply.json).toMatchObject({ ok: true, data: { status: 'confirmed' } })
      expect(h.snapshot()).not.toBe(before)
    })
  })

  describe('a malformed session cookie', () => {
    it.each(['%E0%A4%A', '%', '%zz'])('kepu_sid=%s is no session: an anonymous caller', async (value) => {
      const post = (fn: string, action: string, data: unknown) =>
        raw(h.url, 'POST', `/api/${fn}`, { 'content-type': 'application/json', cookie: `kepu_sid=${value}` }, JSON.stringify({ action, data }))
      const mine = await post('registrations', 'listMine', {})
      expect(mine.status).toBe(200)
      expect(mine.json).toMatchObject({ ok: false, error: { code: 'AUTH.REQUIRED' } })
      const list = await post('activities', 'list', { limit: 1 })
      expect(list.status).toBe(200)
      expect(list.json.ok).toBe(true)
    })
  })
})

describe('the demo sign-in is opt-in', () => {
  const signInAdmin = (url: string) =>
    raw(url, 'POST', '/api/demo', { 'content-type': 'application/json' }, JSON.stringify({ action: 'signIn', data: { userId: 'demo-admin' } }))

  it('without demoLogin, /api/demo is an unknown function (404) and sets no cookie', async () => {
    const h = await startHarness(at(1), { demoLogin: false })
    try {
      await h.store.putUser({ id: 'demo-admin' as any, role: 'admin', displayName: '区科协管理员', createdAt: at(0) })
      for (const body of [{ action: 'signIn', data: { userId: 'demo-admin' } }, { action: 'list' }]) {
        const reply = await raw(h.url, 'POST', '/api/demo', { 'content-type': 'application/json' }, JSON.stringify(body))
        expect(reply.status).toBe(404)
        expect(reply.json).toMatchObject({ ok: false, error: { code: 'ACTION.UNKNOWN' } })
        expect(reply.headers['set-cookie']).toBeUndefined()
      }
    } finally {
      await h.close()
    }
  })

  it('with demoLogin, the same request signs in', async () => {
    const h = await startHarness(at(1), { demoLogin: true })
    try {
      await h.store.putUser({ id: 'demo-admin' as any, role: 'admin', displayName: '区科协管理员', createdAt: at(0) })
      const reply = await signInAdmin(h.url)
      expect(reply.status).toBe(200)
      expect(reply.json).toMatchObject({ ok: true, data: { user: { id: 'demo-admin', role: 'admin' } } })
      expect(String(reply.headers['set-cookie'])).toMatch(/^kepu_sid=[^;]+;/)
    } finally {
      await h.close()
    }
  })

  it('loadConfig turns it on with KEPU_DEMO_LOGIN=1 only', () => {
    expect(loadConfig({}).demoLogin).toBe(false)
    expect(loadConfig({ KEPU_DEMO_LOGIN: '1' }).demoLogin).toBe(true)
    expect(loadConfig({ KEPU_DEMO_LOGIN: '0' }).demoLogin).toBe(false)
    expect(loadConfig({ KEPU_DEMO_LOGIN: '' }).demoLogin).toBe(false)
  })

  it('knows the loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) expect([host, isLoopbackHost(host)]).toEqual([host, true])
    for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', 'example.com', '127.0.0.1.example.com', '128.0.0.1']) expect([host, isLoopbackHost(host)]).toEqual([host, false])
  })

  describe('startServer', () => {
    let dir: string
    const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
      KEPU_DB: path.join(dir, 'kepu.sqlite'),
      KEPU_STATIC: path.join(dir, 'no-h5'),
      PORT: '0',
      KEPU_REMINDER_INTERVAL_SECONDS: '0',
      ...extra,
    })
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-start-'))
    })
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

    it.each(['0.0.0.0', '::', '192.168.1.20'])('refuses KEPU_DEMO_LOGIN=1 with HOST=%s, before creating anything', async (host) => {
      const started = startServer(env({ KEPU_DEMO_LOGIN: '1', HOST: host }))
      await expect(started).rejects.toThrow(/demo sign-in .*local use only.*Unset KEPU_DEMO_LOGIN, or use HOST=127\.0\.0\.1/s)
      // Should it have started anyway, stop it so the test run does not hang.
      await started.then((s) => s.close()).catch(() => {})
      expect(fs.existsSync(path.join(dir, 'kepu.sqlite'))).toBe(false)
    })

    it('starts with KEPU_DEMO_LOGIN=1 on HOST=127.0.0.1 and offers the demo sign-in there', async () => {
      const server = await startServer(env({ KEPU_DEMO_LOGIN: '1', HOST: '127.0.0.1' }))
      try {
        const reply = await signInAdmin(server.url)
        expect(reply.json).toMatchObject({ ok: true, data: { user: { id: 'demo-admin', role: 'admin' } } })
      } finally {
        await server.close()
      }
    })

    it('starts on HOST=0.0.0.0 without KEPU_DEMO_LOGIN, and has no demo sign-in', async () => {
      const server = await startServer(env({ HOST: '0.0.0.0' }))
      try {
        const reply = await signInAdmin(server.url)
        expect(reply.status).toBe(404)
        expect(reply.headers['set-cookie']).toBeUndefined()
      } finally {
        await server.close()
      }
    })
  })
})
