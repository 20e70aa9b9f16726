// The local runtime's HTTP edge: POST /api/<function> {action, data} into the same handler tables the
// cloud functions use, an opt-in demo sign-in, the WeChat sign-in of the mini-program over HTTPS, and
// the H5 build as static files. Identity comes from the session (the H5 app's cookie, or the
// mini-program's `Authorization: Bearer` token, since mini-programs keep no cookies), never from the body. No request can take the process down: every failure is
// answered (400 for a URL that does not decode, 500 for anything unexpected) and logged.

import { POSTER_BASE64_MAX_CHARS } from '../src/domain/uploads/schemas'
import { POSTERS_URL_PREFIX, SERVED_POSTER_NAME } from './sqlite/posters-sql'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import zlib from 'node:zlib'
import { fail } from '../src/domain/errors'
import type { UserId } from '../src/domain/ids'
import type { Deps } from '../src/domain/ports'
import type { User } from '../src/domain/types'
import { dispatch, FUNCTIONS, type Reply } from '../src/handlers'
import { DEMO_IDENTITIES } from './demo'
import { accountForOpenid, userView, wechatSignInInput } from '../src/handlers/session'
import type { CodeExchange } from './wechat-login'

/** Request bodies above this are refused before parsing. */
export const BODY_LIMIT_BYTES = 64 * 1024
/** The `uploads` function's body: a 2 MB poster as base64, and the JSON around it. */
export const UPLOAD_BODY_LIMIT_BYTES = POSTER_BASE64_MAX_CHARS + 4 * 1024
export const SESSION_COOKIE = 'kepu_sid'
/**
 * Set on a reply to a request whose bearer token is no session (expired, signed out, unknown): the
 * request ran anonymously, and the mini-program signs in again and repeats it (transport-https.ts).
 */
export const SESSION_INVALID_HEADER = 'x-kepu-session'

export interface SessionPort {
  createSession(token: string, userId: UserId, expiresAt: string): Promise<void> | void
  getSessionUser(token: string, now: string): Promise<UserId | null> | UserId | null
  /** The session's account, where the store can read it with the session in one statement. */
  getSessionAccount?(token: string, now: string): Promise<User | null>
  deleteSession(token: string): Promise<void> | void
}

export interface GatewayOptions {
  readonly deps: Deps
  readonly sessions: SessionPort
  readonly staticDir: string | null
  readonly sessionHours: number
  /**
   * Offers `POST /api/demo` (pick any demo identity, admin included, and get its session cookie).
   * For a machine of one's own only; off, `/api/demo` is an unknown function (404).
   */
  readonly demoLogin?: boolean
  readonly log?: (msg: string, err?: unknown) => void
  /** Where uploaded posters are kept (posters-sql.ts); their resized copies are served at /uploads/<name>. */
  readonly uploadsDir?: string | null
  /**
   * The WeChat sign-in (`POST /api/wechat`): a `wx.login` code exchanged for the openid
   * (wechat-login.ts). Absent, `/api/wechat` is an unknown function (404).
   */
  readonly wechatLogin?: CodeExchange | null
}

/**
 * The Content-Security-Policy of every response, as tight as the built H5 app runs under (the browser
 * flows fail on any violation). It needs: its own scripts, styles and API (`'self'`); inline styles,
 * because React and Taro's components set style attributes and inject <style> elements
 * (`'unsafe-inline'` for styles only, never for scripts); images as data: URLs (the activity-code PNG
 * from the server, the components' SVG icons); fonts as data: URLs (the components' icon font).
 * index.html's one inline script (Taro's rem sizing) is allowed by its hash, computed from the served
 * file (see `htmlPolicy`). File downloads are blob: links with `download`, which img-src does not govern.
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['font-src', "'self' data:"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
]

/** The policy with extra sources for some directives (the inline-script hashes of index.html). */
export function contentSecurityPolicy(extra: Readonly<Record<string, readonly string[]>> = {}): string {
  return CSP_DIRECTIVES.map(([name, sources]) => [name, sources, ...(extra[name] ?? [])].join(' ')).join('; ')
}

const BASE_POLICY = contentSecurityPolicy()

/** Sent on every response: HTML, assets, API replies and errors alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'content-security-policy': BASE_POLICY,
}

/** The policy for an HTML page: the base policy plus the sha256 of each of its inline scripts. */
function htmlPolicy(html: string): string {
  const hashes: string[] = []
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]) || !m[2]) continue
    hashes.push(`'sha256-${crypto.createHash('sha256').update(m[2], 'utf8').digest('base64')}'`)
  }
  return hashes.length ? contentSecurityPolicy({ 'script-src': hashes }) : BASE_POLICY
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers })
  res.end(text)
}

/** A cookie's value; null when it is absent or does not decode (a malformed cookie is no session). */
function readCookie(req: http.IncomingMessage, name: string): string | null {
  const header = req.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k !== name) continue
    try {
      return decodeURIComponent(v.join('='))
    } catch {
      return null
    }
  }
  return null
}

/** `decodeURIComponent` of the URL's path, or null when it does not decode (`/%`, `/%C0%AF`...). */
function decodedPath(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url, 'http://x').pathname)
  } catch {
    return null
  }
}

/** Whether `file` lies inside `root` (both absolute): a sibling such as `dist/h5-old` does not. */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)
}

/**
 * A cross-site write is refused: an `Origin` other than this server's own (the scheme, host and port
 * the request was sent to), or a browser's `Sec-Fetch-Site: cross-site`. Callers that send neither
 * (curl, scripts, other servers) are not browsers acting for someone else and stay allowed.
 */
function isCrossSite(req: http.IncomingMessage): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return true
  const origin = req.headers.origin?.toLowerCase()
  if (origin === undefined) return false
  const host = req.headers.host?.toLowerCase()
  // https as well: behind a TLS-terminating proxy that keeps the Host header, the page's origin is https.
  return !host || (origin !== `http://${host}` && origin !== `https://${host}`)
}

/** Only `application/json` (any parameters, such as charset): a form or text/plain post is refused. */
function isJson(req: http.IncomingMessage): boolean {
  return String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() === 'application/json'
}

/** Reads a JSON body up to the limit; null when it is too large, undefined when it is not JSON. */
function readBody(req: http.IncomingMessage, limit: number): Promise<unknown | null | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) tooLarge = true
      else chunks.push(c)
    })
    req.on('end', () => {
      if (tooLarge) return resolve(null)
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {})
      } catch {
        resolve(undefined)
      }
    })
    req.on('error', reject)
  })
}

/**
 * Serves the H5 build to GET and HEAD; unknown paths fall back to index.html (hash routing needs
 * only `/`). `urlPath` is the decoded path; one that leaves the build directory is refused.
 */
function makeStatic(dir: string | null) {
  const root = dir ? path.resolve(dir) : null
  const cache = new Map<string, { body: Buffer; gzip: Buffer | null; type: string; immutable: boolean; policy: string }>()
  return (req: http.IncomingMessage, res: http.ServerResponse, urlPath: string) => {
    if (!root || !fs.existsSync(path.join(root, 'index.html'))) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      return res.end('H5 build not found: run `npm start` (or `npm run build:h5`).')
    }
    let file = path.resolve(root, `.${urlPath}`)
    if (file !== root && !isInside(root, file)) return sendJson(res, 400, fail('REQUEST.BAD_URL'))
    if (file === root || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      file = path.join(root, 'index.html')
    }
    let entry = cache.get(file)
    if (!entry) {
      const body = fs.readFileSync(file)
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream'
      const compressible = /javascript|css|html|json|svg/.test(type)
      const policy = type.startsWith('text/html') ? htmlPolicy(body.toString('utf8')) : BASE_POLICY
      entry = { body, type, policy, gzip: compressible ? zlib.gzipSync(body) : null, immutable: /\.[0-9a-f]{8,}\./.test(path.basename(file)) }
      // index.html changes with every build; the hashed assets never do.
      if (entry.immutable) cache.set(file, entry)
    }
    const gz = entry.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    const body = gz ? entry.gzip! : entry.body
    res.writeHead(200, {
      'content-type': entry.type,
      'content-length': String(body.length),
      'cache-control': entry.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'content-security-policy': entry.policy,
      ...(entry.gzip ? { vary: 'accept-encoding' } : {}),
      ...(gz ? { 'content-encoding': 'gzip' } : {}),
    })
    // HEAD: the same headers, no body.
    res.end(req.method === 'HEAD' ? undefined : body)
  }
}

export function createGateway(opts: GatewayOptions): http.Server {
  const { deps, sessions } = opts
  const log = opts.log ?? ((m, e) => console.error(m, e ?? ''))
  const demoLogin = opts.demoLogin === true
  const serveStatic = makeStatic(opts.staticDir)

  /** The caller's session token: the mini-program's bearer header first, else the H5 app's cookie. */
  function sessionToken(req: http.IncomingMessage): { token: string; bearer: boolean } | null {
    const m = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(String(req.headers.authorization ?? '').trim())
    if (m) return { token: m[1], bearer: true }
    const cookie = readCookie(req, SESSION_COOKIE)
    return cookie ? { token: cookie, bearer: false } : null
  }

  async function currentUser(req: http.IncomingMessage, res: http.ServerResponse): Promise<User | null> {
    const session = sessionToken(req)
    if (!session) return null
    const now = deps.clock.now()
    const user = sessions.getSessionAccount
      ? await sessions.getSessionAccount(session.token, now)
      : await (async () => {
          const userId = await sessions.getSessionUser(session.token, now)
          return userId ? deps.store.getUser(userId) : null
        })()
    if (!user && session.bearer) res.setHeader(SESSION_INVALID_HEADER, 'invalid')
    return user
  }

  async function newSession(userId: UserId): Promise<{ token: string; expiresAt: string; maxAge: number }> {
    const token = crypto.randomBytes(24).toString('base64url')
    const maxAge = opts.sessionHours * 3600
    const expiresAt = new Date(Date.parse(deps.clock.now()) + maxAge * 1000).toISOString()
    await sessions.createSession(token, userId, expiresAt)
    return { token, expiresAt, maxAge }
  }

  /** The mini-program's sign-in: `signIn {code}` answers a session token for the Authorization header. */
  async function wechat(req: http.IncomingMessage, res: http.ServerResponse, exchange: CodeExchange, body: { action?: unknown; data?: unknown }) {
    if (body.action === 'signOut') {
      const session = sessionToken(req)
      if (session?.bearer) await sessions.deleteSession(session.token)
      return sendJson(res, 200, { ok: true, data: { user: null } })
    }
    if (body.action !== 'signIn') return sendJson(res, 200, fail('ACTION.UNKNOWN', 'action'))
    const input = wechatSignInInput.safeParse(body.data)
    if (!input.success) return sendJson(res, 200, fail('INPUT.INVALID', 'code'))
    const exchanged = await exchange(input.data.code)
    if (!exchanged.ok) {
      if (exchanged.code === 'AUTH.WECHAT_UNAVAILABLE') log('wechat sign-in: jscode2session failed', exchanged.detail)
      return sendJson(res, 200, fail(exchanged.code, 'code'))
    }
    const user = await accountForOpenid(deps.store, exchanged.openid, deps.clock.now())
    if (!user) return sendJson(res, 200, fail('AUTH.WECHAT_UNAVAILABLE', 'code'))
    const { token, expiresAt } = await newSession(user.id)
    return sendJson(res, 200, { ok: true, data: { token, expiresAt, user: userView(user) } })
  }

  async function demo(req: http.IncomingMessage, res: http.ServerResponse, body: { action?: unknown; data?: { userId?: unknown } }) {
    if (body.action === 'list') {
      return sendJson(res, 200, { ok: true, data: DEMO_IDENTITIES })
    }
    if (body.action === 'signOut') {
      const token = readCookie(req, SESSION_COOKIE)
      if (token) await sessions.deleteSession(token)
      return sendJson(res, 200, { ok: true, data: { user: null } }, { 'set-cookie': `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax` })
    }
    if (body.action === 'signIn') {
      const userId = body.data?.userId
      const identity = DEMO_IDENTITIES.find((d) => d.id === userId)
      const user = identity ? await deps.store.getUser(identity.id) : null
      if (!user) return sendJson(res, 200, fail('AUTH.UNKNOWN_USER', 'userId'))
      const { token, maxAge } = await newSession(user.id)
      return sendJson(
        res,
        200,
        { ok: true, data: { user: userView(user) } },
        { 'set-cookie': `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax` },
      )
    }
    return sendJson(res, 200, fail('ACTION.UNKNOWN', 'action'))
  }

  /** A resized poster: only names of the form img-<hex>-750.jpg / -375.jpg, from the uploads directory. */
  function servePoster(req: http.IncomingMessage, res: http.ServerResponse, name: string) {
    const file = opts.uploadsDir && SERVED_POSTER_NAME.test(name) ? path.join(opts.uploadsDir, name) : null
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': BASE_POLICY })
      return res.end(req.method === 'HEAD' ? undefined : 'not found')
    }
    const body = fs.readFileSync(file)
    res.writeHead(200, {
      'content-type': 'image/jpeg',
      'content-length': String(body.length),
      // A poster's name is the digest of the picture: it never changes.
      'cache-control': 'public, max-age=31536000, immutable',
      'content-security-policy': BASE_POLICY,
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, fn: string) {
    if (req.method !== 'POST') return sendJson(res, 405, fail('REQUEST.METHOD_NOT_ALLOWED'), { allow: 'POST' })
    // Before the body is read: a refused request reaches no handler and writes nothing.
    if (isCrossSite(req)) return sendJson(res, 403, fail('REQUEST.CROSS_SITE'))
    if (!isJson(req)) return sendJson(res, 415, fail('REQUEST.UNSUPPORTED_MEDIA_TYPE'))
    const body = await readBody(req, fn === 'uploads' ? UPLOAD_BODY_LIMIT_BYTES : BODY_LIMIT_BYTES)
    if (body === null) return sendJson(res, 413, fail('INPUT.TOO_LONG'))
    if (body === undefined || typeof body !== 'object' || Array.isArray(body)) return sendJson(res, 400, fail('INPUT.INVALID'))
    const { action, data } = body as { action?: unknown; data?: unknown }
    if (fn === 'demo' && demoLogin) return demo(req, res, body as never)
    if (fn === 'wechat' && opts.wechatLogin) return wechat(req, res, opts.wechatLogin, body as never)
    const table = Object.prototype.hasOwnProperty.call(FUNCTIONS, fn) ? FUNCTIONS[fn as keyof typeof FUNCTIONS] : null
    if (!table) return sendJson(res, 404, fail('ACTION.UNKNOWN', 'function'))
    const reply: Reply = await dispatch(table, action, data, await currentUser(req, res), deps, log)
    sendJson(res, !reply.ok && reply.error.code === 'SYSTEM.ERROR' ? 500 : 200, reply)
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    const url = req.url ?? '/'
    const m = /^\/api\/([A-Za-z]{1,40})\/?(?:\?.*)?$/.exec(url)
    if (m) return api(req, res, m[1])
    if (url.startsWith('/api/')) return sendJson(res, 404, fail('ACTION.UNKNOWN', 'function'))
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, fail('REQUEST.METHOD_NOT_ALLOWED'), { allow: 'GET, HEAD' })
    const urlPath = decodedPath(url)
    if (urlPath === null) return sendJson(res, 400, fail('REQUEST.BAD_URL'))
    if (urlPath.startsWith(POSTERS_URL_PREFIX)) return void servePoster(req, res, urlPath.slice(POSTERS_URL_PREFIX.length))
    serveStatic(req, res, urlPath)
  }

  // The one guard around every request: a throw or a rejection is logged and answered, never left to
  // reach the process.
  return http.createServer((req, res) => {
    let work: Promise<void>
    try {
      work = handle(req, res)
    } catch (err) {
      work = Promise.reject(err)
    }
    work.catch((err) => {
      try {
        log('request failed', err)
      } catch {}
      if (!res.headersSent) sendJson(res, 500, fail('SYSTEM.ERROR'))
      // Headers are out: cut the connection rather than let a partial body pass as complete.
      else if (!res.writableEnded) res.destroy()
    })
  })
}
