// Building a new aggregate target from the facts (ledger-aggregates.ts keeps it afterwards), in one of
// two ways. Small fact tables and the recount's repair build in place: one SQL pass inside the caller's
// write section. Otherwise the counting runs in a worker thread, outside the write section:
//
// 1. In one short write section the target is created, marked building, and from then on every fact
//    change is tracked; until the worker's snapshot is open each also bumps the target's `changes`
//    counter in its own transaction and is tracked with the value. 2. The worker (a thread of lower
//    priority, on its own connection: a scratch file with the store's file attached) opens a read
//    snapshot (WAL) and reads the counter in it, S: the changes tracked with a value up to S are in the
//    snapshot, the later ones are not (a rolled-back change's value is reused by the next one, which
//    carries the same `before`). Nothing waits for the worker. 3. It counts the snapshot into its
//    scratch file, holding no lock of the store, and the main thread copies the result in under the
//    target, still invisible, a chunk per write section with other writes in between. 4. Catch-up: each
//    fact changed after the snapshot has its version in the target (the first `before` seen after it,
//    right also when that transaction rolled back) taken out and its current version put in, with the
//    ordinary incremental step; the last chunk marks the target built in the same transaction.
// A crash mid-build leaves a target marked building, ignored when the store opens and removed by the
// next build; no fact write depends on it.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'
import type { AggregateTarget } from '../../src/domain/ledger/aggregates'
import { factClause } from './ledger-sql'

/** Rows copied from the worker's result per write section (about 5 ms each here). */
export const MERGE_CHUNK_ROWS = 5_000
/** Tracked facts caught up per write section. */
export const CATCH_UP_CHUNK = 50
/** The worker's niceness: the main thread, which answers requests, comes first on a busy machine. */
const WORKER_NICENESS = 19

/**
 * factScopes in SQL over a pre-grouped `b` (one row per unit, area, month, group — and person for
 * unique persons — with its count n): each base row is spread over its scope cells, then summed. The
 * facts are read once and grouped small before the spreading.
 */
const CELL_SQL = ["'d:' || b.d", "'a:' || b.a", "'m:' || b.m", "'g:' || b.g"]
function scopesSql(rule: AggregateTarget['spec']['rule']): { expr: string; table: string } {
  const exprs = ["'*'", ...CELL_SQL, ...(rule === 'person_times' ? CELL_SQL.slice(0, 2).flatMap((s) => CELL_SQL.map((c) => `${s} || '|' || ${c}`)) : [])]
  return {
    expr: `CASE s.k ${exprs.map((e, k) => `WHEN ${k} THEN ${e}`).join(' ')} END`,
    table: `(${exprs.map((_, k) => `SELECT ${k} AS k`).join(' UNION ALL ')}) s`,
  }
}
const BASE_COLUMNS = `f.department_code AS d, f.area_id AS a, strftime('%Y-%m', f.at, '+8 hours') AS m, f.person_group AS g`

/** Where a build writes: the store's own tables under a target id, or the worker's scratch tables. */
const INTO = {
  store: { persons: 'ledger_agg_persons (target, scope, person_id, n)', cells: 'ledger_agg_cells (target, scope, facts, persons)', target: '@target, ' },
  scratch: { persons: 'persons (scope, person, n)', cells: 'cells (scope, facts, persons)', target: '' },
} as const

/** The statements that count a target's cells (and, for unique persons, person tallies) from the facts; null when none qualify. */
export function buildStatements(target: AggregateTarget, into: keyof typeof INTO): { statements: string[]; params: Record<string, unknown> } | null {
  const clause = factClause(target.spec)
  if (clause === null) return null
  const t = INTO[into]
  const scopes = scopesSql(target.spec.rule)
  const params = { ...clause.params, need: target.need }
  if (target.spec.rule === 'person_times') {
    return {
      params,
      statements: [
        `WITH b AS (SELECT ${BASE_COLUMNS}, count(*) AS n FROM ledger_facts f WHERE ${clause.where} GROUP BY d, a, m, g)
         INSERT INTO ${t.cells} SELECT ${t.target}${scopes.expr} AS scope, sum(b.n), 0 FROM b CROSS JOIN ${scopes.table} GROUP BY scope ORDER BY scope`,
      ],
    }
  }
  const persons = into === 'store' ? 'ledger_agg_persons WHERE target = @target' : 'persons'
  return {
    params,
    statements: [
      `WITH b AS (SELECT f.person_id AS p, ${BASE_COLUMNS}, count(*) AS n FROM ledger_facts f WHERE ${clause.where} GROUP BY p, d, a, m, g)
       INSERT INTO ${t.persons} SELECT ${t.target}${scopes.expr} AS scope, b.p, sum(b.n) FROM b CROSS JOIN ${scopes.table} GROUP BY scope, b.p ORDER BY scope, b.p`,
      `INSERT INTO ${t.cells} SELECT ${t.target}scope, sum(n), sum(n >= @need) FROM ${persons} GROUP BY scope ORDER BY scope`,
    ],
  }
}

/** Builds a target in place under `id` (its cells and tallies replaced). Call inside a transaction. */
export function buildInPlace(db: Database.Database, id: number, target: AggregateTarget): void {
  db.prepare('DELETE FROM ledger_agg_persons WHERE target = ?').run(id)
  db.prepare('DELETE FROM ledger_agg_cells WHERE target = ?').run(id)
  const built = buildStatements(target, 'store')
  if (built === null) return
  for (const sql of built.statements) db.prepare(sql).run({ ...built.params, target: id })
}

/**
 * The worker: plain JavaScript carried in the bundle as text (so it runs the same from the server and
 * recount bundles, the benchmarks and jest, with no file to find), and needing nothing but the driver.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { driver, file, scratch, id, statements, params, niceness } = workerData
let db = null
try {
  try {
    require('node:os').setPriority(niceness) // this thread only, on Linux
  } catch {}
  const Database = require(driver)
  db = new Database(scratch)
  db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  db.pragma('busy_timeout = 5000')
  db.exec('CREATE TABLE persons (scope TEXT NOT NULL, person TEXT NOT NULL, n INTEGER NOT NULL); CREATE TABLE cells (scope TEXT NOT NULL, facts INTEGER NOT NULL, persons INTEGER NOT NULL)')
  db.prepare('ATTACH DATABASE ? AS src').run(file)
  const steps = statements.map((sql) => db.prepare(sql))
  db.exec('BEGIN')
  const seq = db.prepare('SELECT changes FROM src.ledger_agg_targets WHERE id = ?').pluck().get(id)
  parentPort.postMessage({ type: 'snapshot', seq })
  for (const step of steps) step.run(params)
  db.exec('COMMIT')
  // The store's WAL could not be checkpointed past the snapshot while it was open: do that here, off
  // the main thread (whose automatic checkpoints are off until 'done').
  db.pragma('src.wal_checkpoint(PASSIVE)')
  const rows = db.prepare('SELECT (SELECT count(*) FROM persons) AS persons, (SELECT count(*) FROM cells) AS cells').get()
  db.exec('DETACH DATABASE src')
  parentPort.postMessage({ type: 'done', persons: rows.persons, cells: rows.cells })
} catch (err) {
  parentPort.postMessage({ type: 'failed', message: String((err && err.stack) || err) })
} finally {
  if (db) db.close()
}
`

/** What the caller provides a build in a worker: its write sections and the catch-up. */
export interface WorkerBuildHooks {
  /** Runs `step` in the store's write section (after every earlier transaction and write). */
  exclusive<T>(what: string, step: () => T): Promise<T>
  /** The worker's snapshot holds the fact changes tracked with a counter value up to `seq`. */
  snapshotAt(seq: number): void
  /**
   * Called in a write section inside a transaction after the copy: catches up to `limit` tracked facts;
   * returns true when none are left, having marked the target built in this transaction.
   */
  catchUp(limit: number): boolean
  /** Called right after the transaction that marked the target built committed (same write section). */
  publish(): void
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Counts `target` from a snapshot in a worker and copies the result in under `id` (a target row marked
 * building, with no cells yet), in chunks, then catches up; resolves when the target is visible.
 */
export async function buildInWorker(db: Database.Database, id: number, target: AggregateTarget, hooks: WorkerBuildHooks): Promise<void> {
  const built = buildStatements(target, 'scratch')
  const scratch = path.join(os.tmpdir(), `kepu-agg-build-${process.pid}-${id}-${Date.now()}.sqlite`)
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: createRequire(__filename).resolve('better-sqlite3'), file: db.name, scratch, id, statements: built?.statements ?? [], params: built?.params ?? {}, niceness: WORKER_NICENESS },
  })
  worker.unref()
  const messages: Array<{ type: string; message?: string; seq?: number; persons?: number; cells?: number }> = []
  let wake: (() => void) | null = null
  const push = (m: (typeof messages)[number]) => {
    messages.push(m)
    wake?.()
  }
  worker.on('message', push)
  worker.on('error', (err) => push({ type: 'failed', message: String(err?.stack ?? err) }))
  worker.on('exit', (code) => push({ type: 'failed', message: `worker exited (${code})` }))
  const next = async (): Promise<(typeof messages)[number]> => {
    while (messages.length === 0) await new Promise<void>((resolve) => (wake = resolve))
    wake = null
    const m = messages.shift()!
    if (m.type === 'failed') throw new Error(`aggregate build failed: ${m.message}`)
    return m
  }
  let attached = false
  // While the worker's snapshot is open the WAL grows unable to be checkpointed; the first commit after
  // it would checkpoint all of it (with its fsync) on the main thread, holding check-ins up for hundreds
  // of ms at 1,000,000 facts. So the worker checkpoints it, and until then the main thread does not.
  const autocheckpoint = Number(db.pragma('wal_autocheckpoint', { simple: true }))
  const restoreCheckpoints = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${autocheckpoint}`)
  }
  db.pragma('wal_autocheckpoint = 0')
  try {
    hooks.snapshotAt((await next()).seq ?? 0)
    const done = await next()
    restoreCheckpoints()
    await hooks.exclusive('ledger aggregate attach', () => {
      db.prepare('ATTACH DATABASE ? AS agg_build').run(scratch)
      attached = true
    })
    const copy = async (rows: number, sql: string): Promise<void> => {
      const statement = db.prepare(sql)
      for (let lo = 0; lo < rows; lo += MERGE_CHUNK_ROWS) {
        await nextTurn()
        await hooks.exclusive('ledger aggregate copy', () => db.transaction(() => statement.run({ target: id, lo, hi: lo + MERGE_CHUNK_ROWS }))())
      }
    }
    await copy(done.persons ?? 0, 'INSERT INTO ledger_agg_persons (target, scope, person_id, n) SELECT @target, scope, person, n FROM agg_build.persons WHERE rowid > @lo AND rowid <= @hi')
    await copy(done.cells ?? 0, 'INSERT INTO ledger_agg_cells (target, scope, facts, persons) SELECT @target, scope, facts, persons FROM agg_build.cells WHERE rowid > @lo AND rowid <= @hi')
    for (;;) {
      await nextTurn()
      const finished = await hooks.exclusive('ledger aggregate catch-up', () => {
        const last = db.transaction(() => hooks.catchUp(CATCH_UP_CHUNK))()
        if (last) {
          hooks.publish()
          db.exec('DETACH DATABASE agg_build')
          attached = false
        }
        return last
      })
      if (finished) return
    }
  } finally {
    restoreCheckpoints()
    if (attached) await hooks.exclusive('ledger aggregate detach', () => db.open && db.exec('DETACH DATABASE agg_build')).catch(() => undefined)
    await worker.terminate().catch(() => undefined)
    // Off the event loop: unlinking a scratch file of a few hundred MB took ~300 ms here.
    await Promise.all([scratch, `${scratch}-journal`].map((f) => fs.promises.rm(f, { force: true })))
  }
}
