// A local server speaking CloudBase's HTTP database protocol, for the real wx-server-sdk:
//   cloud.init({ env, secretId, secretKey, serviceUrl: server.url })   (or TCB_CONTEXT_CNFG='{"URL":…}')
// It answers POST /admin?env=…&seqId=… with JSON bodies `{ action: 'database.…', envName, … }`
// (actions.ts); each environment name is its own empty database until written, so tests get fresh
// databases by using fresh names. Requests are not signed-checked. CloudBase's own rules are kept:
// at most `maxLimit` documents per get (100 without a limit), collections exist only once created,
// doc-only snapshot transactions with write locks and DATABASE_TRANSACTION_CONFLICT, canonical EJSON.
//
//   const server = await start()
//   server.insertMany('env-1', 'ledgerFacts', docs)  // bulk load without HTTP
//   await server.close()

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { Backend, DEFAULT_OPTIONS, type ServerOptions } from './actions'
import type { Doc } from './documents'
import { ServerError } from './errors'
import { clone } from './query'
import type { TransactionStats } from './transactions'

export type { ServerOptions } from './actions'
export type { Doc } from './documents'

export interface LocalCloudBase {
  /** The serviceUrl for cloud.init (…/admin). */
  readonly url: string
  readonly port: number
  readonly options: ServerOptions
  /** Stops listening and ends open connections. */
  close(): Promise<void>
  /** Drops every environment's data. */
  reset(): void
  /** Drops one environment (database). */
  dropEnv(env: string): void
  /** Creates collections directly, as the console would. */
  createCollections(env: string, names: readonly string[]): void
  /** Bulk load for large fixtures: stores the documents (plain values, Dates allowed) as one commit. */
  insertMany(env: string, collection: string, docs: ReadonlyArray<Record<string, unknown>>): string[]
  /** The current documents of a collection, copied, in natural order. */
  documents(env: string, collection: string): Doc[]
  /** Requests per action in one environment, e.g. `stats(env)['database.getDocument']`. */
  stats(env: string): Record<string, number>
  /** Transactions across environments: started, committed, conflicts, aborted. */
  readonly transactions: TransactionStats
}

const newId = (): string => randomBytes(16).toString('hex')

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

async function answer(backend: Backend, req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (req.method !== 'POST' || url.pathname !== '/admin') throw new ServerError('INVALID_PARAM', `${req.method} ${url.pathname} is not the CloudBase API`)
  let body: Record<string, unknown>
  try {
    body = JSON.parse(await readBody(req)) as Record<string, unknown>
  } catch {
    throw new ServerError('INVALID_PARAM', 'the request body is not JSON')
  }
  // The SDK sends the environment twice; an empty one means "the first environment created".
  const env = String(body.envName || url.searchParams.get('env') || 'default')
  return backend.handle(env, body)
}

/** Starts a server on a free loopback port. */
export async function start(overrides: Partial<ServerOptions> = {}): Promise<LocalCloudBase> {
  const options = { ...DEFAULT_OPTIONS, ...overrides }
  const backend = new Backend(options)
  const server = http.createServer((req, res) => {
    const requestId = newId()
    answer(backend, req).then(
      (reply) => send(res, { ...reply, requestId }),
      (err: unknown) => {
        if (err instanceof ServerError) send(res, { code: err.code, message: err.message, requestId })
        else send(res, { code: 'SYS_ERR', message: `local CloudBase server: ${(err as Error)?.stack ?? String(err)}`, requestId })
      },
    )
  })
  server.keepAliveTimeout = 60_000
  // Never what keeps a test process alive: a shared server is left running until the process ends.
  server.on('connection', (socket) => socket.unref())
  server.unref()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/admin`,
    port,
    options,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
    reset: () => backend.dropAll(),
    dropEnv: (env) => backend.drop(env),
    createCollections(env, names) {
      const db = backend.database(env)
      for (const n of names) db.createCollection(n)
    },
    insertMany(env, collection, docs) {
      const stored = docs.map((d) => {
        const id = d._id === undefined ? newId() : d._id
        if (typeof id !== 'string' || id === '') throw new Error('insertMany: _id must be a non-empty string')
        return { ...clone(d), _id: id } as Doc
      })
      backend.database(env).load(collection, stored)
      return stored.map((d) => d._id)
    },
    documents: (env, collection) => [...backend.database(env).scan(collection)].map(clone),
    stats: (env) => backend.stats(env),
    transactions: backend.transactions.stats,
  }
}

function send(res: http.ServerResponse, body: Record<string, unknown>): void {
  const text = JSON.stringify(body)
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
