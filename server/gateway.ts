// The local runtime's HTTP edge: POST /api/<function> {action, data} into the same handler tables the
// cloud functions use, a demo sign-in, and the H5 build as static files. Identity comes from the
// session cookie, never from the body.

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

/** Request bodies above this are refused before parsing. */
export const BODY_LIMIT_BYTES = 64 * 1024
export const SESSION_COOKIE = 'kepu_sid'

export interface SessionPort {
  createSession(token: string, userId: UserId, expiresAt: string): Promise<void> | void
  getSessionUser(token: string, now: string): Promise<UserId | null> | UserId | null
  deleteSession(token: string): Promise<void> | void
}

export interface GatewayOptions {
  readonly deps: Deps
  readonly sessions: SessionPort
  readonly staticDir: string | null
  readonly sessionHours: number
  readonly log?: (msg: string, err?: unknown) => void
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

function readCookie(req: http.IncomingMessage, name: string): string | null {
  const header = req.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return null
}

/** Reads a JSON body up to the limit; null when it is too large, undefined when it is not JSON. */
function readBody(req: http.IncomingMessage): Promise<unknown | null | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > BODY_LIMIT_BYTES) tooLarge = true
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

/** Serves the H5 build; unknown paths fall back to index.html (hash routing needs only `/`). */
function makeStatic(dir: string | null) {
  const cache = new Map<string, { body: Buffer; gzip: Buffer | null; type: string; immutable: boolean }>()
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!dir || !fs.existsSync(path.join(dir, 'index.html'))) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      return res.end('H5 build not found: run `npm start` (or `npm run build:h5`).')
    }
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    let file = path.normalize(path.join(dir, urlPath))
    if (!file.startsWith(path.resolve(dir)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      file = path.join(dir, 'index.html')
    }
    let entry = cache.get(file)
    if (!entry) {
      const body = fs.readFileSync(file)
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream'
      const compressible = /javascript|css|html|json|svg/.test(type)
      entry = { body, type, gzip: compressible ? zlib.gzipSync(body) : null, immutable: /\.[0-9a-f]{8,}\./.test(path.basename(file)) }
      // index.html changes with every build; the hashed assets never do.
      if (entry.immutable) cache.set(file, entry)
    }
    const gz = entry.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    res.writeHead(200, {
      'content-type': entry.type,
      'cache-control': entry.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(gz ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    })
    res.end(gz ? entry.gzip : entry.body)
  }
}

export function createGateway(opts: GatewayOptions): http.Server {
  const { deps, sessions } = opts
  const log = opts.log ?? ((m, e) => console.error(m, e ?? ''))
  const serveStatic = makeStatic(opts.staticDir)

  async function currentUser(req: http.IncomingMessage): Promise<User | null> {
    const token = readCookie(req, SESSION_COOKIE)
    if (!token) return null
    const userId = await sessions.getSessionUser(token, deps.clock.now())
    return userId ? deps.store.getUser(userId) : null
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
      const token = crypto.randomBytes(24).toString('base64url')
      const maxAge = opts.sessionHours * 3600
      await sessions.createSession(token, user.id, new Date(Date.parse(deps.clock.now()) + maxAge * 1000).toISOString())
      return sendJson(
        res,
        200,
        { ok: true, data: { user: { id: user.id, role: user.role, displayName: user.displayName, ...(user.departmentCode ? { departmentCode: user.departmentCode } : {}) } } },
        { 'set-cookie': `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax` },
      )
    }
    return sendJson(res, 200, fail('ACTION.UNKNOWN', 'action'))
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, fn: string) {
    if (req.method !== 'POST') return sendJson(res, 405, fail('ACTION.UNKNOWN'), { allow: 'POST' })
    const body = await readBody(req)
    if (body === null) return sendJson(res, 413, fail('INPUT.TOO_LONG'))
    if (body === undefined || typeof body !== 'object' || Array.isArray(body)) return sendJson(res, 400, fail('INPUT.INVALID'))
    const { action, data } = body as { action?: unknown; data?: unknown }
    if (fn === 'demo') return demo(req, res, body as never)
    const table = Object.prototype.hasOwnProperty.call(FUNCTIONS, fn) ? FUNCTIONS[fn as keyof typeof FUNCTIONS] : null
    if (!table) return sendJson(res, 404, fail('ACTION.UNKNOWN', 'function'))
    const reply: Reply = await dispatch(table, action, data, await currentUser(req), deps, log)
    sendJson(res, !reply.ok && reply.error.code === 'SYSTEM.ERROR' ? 500 : 200, reply)
  }

  return http.createServer((req, res) => {
    const url = req.url ?? '/'
    const m = /^\/api\/([A-Za-z]{1,40})\/?(?:\?.*)?$/.exec(url)
    const work = m ? api(req, res, m[1]) : url.startsWith('/api/') ? Promise.resolve(sendJson(res, 404, fail('ACTION.UNKNOWN', 'function'))) : Promise.resolve(serveStatic(req, res))
    work.catch((err) => {
      log('request failed', err)
      if (!res.headersSent) sendJson(res, 500, fail('SYSTEM.ERROR'))
    })
  })
}
