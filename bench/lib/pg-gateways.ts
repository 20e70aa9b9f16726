// Gateway processes for the PostgreSQL benchmark: the real local server (server/cli.ts bundled with
// esbuild as scripts/build-server.mjs does, as tests/server/multi-gateway.test.ts starts it), one
// process per gateway, all on one database; and the HTTP client the benchmark drives them with.

import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import { build } from 'esbuild'

/** The repository: benchmarks run from it (scripts/bench.mjs), bundled into dist/bench. */
const ROOT = process.cwd()

export interface Gateway {
  readonly port: number
  readonly child: ChildProcess
  /** Everything it printed. */
  readonly output: () => string
}

/** The server bundle, into `dir`. */
export async function bundleServer(dir: string): Promise<string> {
  await build({ entryPoints: { main: 'server/cli.ts' }, absWorkingDir: ROOT, outdir: dir, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['better-sqlite3', 'sharp'], logLevel: 'error' })
  return path.join(dir, 'main.js')
}

export interface GatewayOptions {
  readonly databaseUrl: string
  /** KEPU_SIGNING_KEY, the same on every gateway. */
  readonly signingKey: string
  /** A folder of this run (uploads, the absent H5 build). */
  readonly dir: string
  /** KEPU_DATABASE_POOL; the server's default (10) when absent. */
  readonly pool?: number
  /** Where `node --cpu-prof` writes the process's profile when it exits; no profile when absent. */
  readonly cpuProfDir?: string
}

const started: Gateway[] = []

/** Every gateway started so far: how each ended (when it did) and the end of what it printed, for a failure's message. */
export function gatewayReport(): string {
  return started.map((g, i) => `gateway ${i + 1} (port ${g.port}): ${g.child.exitCode !== null || g.child.signalCode !== null ? `exited ${g.child.exitCode ?? g.child.signalCode}` : 'running'}\n${g.output().slice(-2000)}`).join('\n')
}

export function startGateway(bundle: string, o: GatewayOptions): Promise<Gateway> {
  const flags = o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`] : []
  const child = spawn(process.execPath, [...flags, bundle], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      // The bundle lives outside the repository; its external native modules come from ours.
      NODE_PATH: path.join(ROOT, 'node_modules'),
      TZ: 'UTC',
      HOST: '127.0.0.1',
      PORT: '0',
      KEPU_DATABASE_URL: o.databaseUrl,
      ...(o.pool ? { KEPU_DATABASE_POOL: String(o.pool) } : {}),
      KEPU_SIGNING_KEY: o.signingKey,
      KEPU_STATIC: path.join(o.dir, 'no-h5'),
      KEPU_UPLOADS_DIR: path.join(o.dir, 'uploads'),
      KEPU_REMINDER_INTERVAL_SECONDS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    let port = 0
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 60_000)
    const onData = (b: Buffer) => {
      output += b.toString()
      const m = /local server: http:\/\/[^:]+:(\d+)\//.exec(output)
      if (m && !port) {
        clearTimeout(timer)
        port = Number(m[1])
        const g = { port, child, output: () => output }
        started.push(g)
        resolve(g)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (!port) reject(new Error(`gateway exited ${code}:\n${output}`))
    })
  })
}

/** Stops a gateway with SIGTERM (a clean exit, so a CPU profile is written) and waits for it. */
export function stopGateway(g: Gateway): Promise<void> {
  if (g.child.exitCode !== null || g.child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => g.child.kill('SIGKILL'), 10_000)
    g.child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    g.child.kill('SIGTERM')
  })
}

export const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })

/**
 * POST /api/<fn> {action, data} with the session cookie; the parsed reply. A kept-alive socket the
 * server closed as idle just as it was reused (ECONNRESET before any answer) is the one failure sent
 * again, on a fresh socket, as Node's documentation advises: the request never reached the handler.
 */
export async function call(port: number, fn: string, token: string, action: string, data: unknown): Promise<any> {
  try {
    return await send(port, fn, token, action, data)
  } catch (e) {
    if ((e as { code?: string; reusedSocket?: boolean }).code === 'ECONNRESET' && (e as { reusedSocket?: boolean }).reusedSocket) return send(port, fn, token, action, data)
    throw e
  }
}

function send(port: number, fn: string, token: string, action: string, data: unknown): Promise<any> {
  const body = JSON.stringify({ action, data })
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: `/api/${fn}`, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie: `kepu_sid=${token}` } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString()))
          } catch (e) {
            reject(e)
          }
        })
      },
    )
    req.on('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })))
    req.end(body)
  })
}

export const pct = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

export interface LoadResult {
  readonly ops: number
  readonly seconds: number
  /** Every request's latency (ms), unsorted. */
  readonly latencies: number[]
}

/** `clients` concurrent loops, each sending `perClient` requests one after the other. */
export async function load(clients: number, perClient: number, send: (client: number, i: number) => Promise<unknown>): Promise<LoadResult> {
  const latencies: number[] = []
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const s = performance.now()
        await send(c, i)
        latencies.push(performance.now() - s)
      }
    }),
  )
  return { ops: clients * perClient, seconds: (performance.now() - t0) / 1000, latencies }
}

/** Several runs of one kind added up (the rounds of an interleaved measurement). */
export function sum(runs: readonly LoadResult[]): { opsPerSec: number; p50: number; p99: number; ops: number } {
  const ops = runs.reduce((n, r) => n + r.ops, 0)
  const seconds = runs.reduce((n, r) => n + r.seconds, 0)
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b)
  return { ops, opsPerSec: ops / seconds, p50: +pct(latencies, 50).toFixed(2), p99: +pct(latencies, 99).toFixed(2) }
}
