// The load generator of the HTTP benchmarks: concurrent keep-alive clients in a worker thread, so the
// server under test has the main thread to itself, as it does in production where the clients are
// phones (and as wrk or autocannon would run it). Each client sends its own list of requests one
// after another; the worker returns every reply and latency.
import { Worker } from 'node:worker_threads'

export interface LoadRequest {
  readonly path: string
  /** The session cookie's value. */
  readonly token: string
  readonly body: unknown
}

export interface LoadResult {
  readonly opsPerSec: number
  /** Sorted, in ms. */
  readonly latencies: number[]
  /** Per client, the parsed replies in the order sent. */
  readonly replies: unknown[][]
}

// Runs inside the worker: plain Node, no imports from the bundle.
const WORKER_SOURCE = `
const http = require('node:http')
const { parentPort, workerData } = require('node:worker_threads')
const { port, clients } = workerData
const agent = new http.Agent({ keepAlive: true, maxSockets: clients.length * 2 })
const post = (path, token, data) => new Promise((resolve, reject) => {
  const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), cookie: 'kepu_sid=' + token } }, (res) => {
    const chunks = []
    res.on('data', (c) => chunks.push(c))
    res.on('end', () => resolve(Buffer.concat(chunks).toString()))
  })
  req.on('error', reject)
  req.end(data)
})
;(async () => {
  const latencies = []
  const replies = clients.map(() => [])
  const t0 = performance.now()
  await Promise.all(clients.map(async (list, c) => {
    for (const r of list) {
      const s = performance.now()
      const text = await post(r.path, r.token, r.data)
      latencies.push(performance.now() - s)
      replies[c].push(text)
    }
  }))
  const seconds = (performance.now() - t0) / 1000
  agent.destroy()
  parentPort.postMessage({ seconds, latencies, replies })
})().catch((err) => parentPort.postMessage({ error: String(err && err.stack || err) }))
`

/** Sends each client's requests (concurrently across clients) from a worker thread. */
export function runLoad(port: number, clients: ReadonlyArray<readonly LoadRequest[]>): Promise<LoadResult> {
  const data = clients.map((list) => list.map((r) => ({ path: r.path, token: r.token, data: JSON.stringify(r.body) })))
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port, clients: data } })
    worker.once('error', reject)
    worker.once('message', (m: { error?: string; seconds: number; latencies: number[]; replies: string[][] }) => {
      void worker.terminate()
      if (m.error) return reject(new Error(m.error))
      const total = data.reduce((n, list) => n + list.length, 0)
      resolve({
        opsPerSec: total / m.seconds,
        latencies: [...m.latencies].sort((a, b) => a - b),
        replies: m.replies.map((list) => list.map((text) => JSON.parse(text) as unknown)),
      })
    })
  })
}

export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
