// The ledger's maintained counts on CloudBase, so a dashboard reads a few small documents instead of
// every attendance (src/domain/ledger/aggregates.ts says what is counted; factDelta how one fact
// changes it). A target (one counting spec without unit or area) is kept from the first dashboard
// that asks for it.
//
// Documents:
// - `ledgerAggState/registry`: the kept targets, each `{ key, need, state: building|ready, registeredAtMs }`
//   under a short id. Every fact write reads it inside its transaction.
// - `ledgerAggCounts/d:<registrationId>`: what one registration's fact changed, written by its own
//   transaction, so concurrent check-ins never write a shared counter (only the same registration's
//   or the same person's transactions can conflict). A fold (the timer, or a read that meets many)
//   moves a batch of them into one of the counters `ledgerAggCounts/b00…b31`, in one transaction.
//   A figure is the sum over the whole collection, counters and deltas, in one query with a projection
//   of just the cells it needs (`t.<target>.all`, `t.<target>.m` for the months, `t.<target>.xd.<unit>.m`
//   for one unit's months). One query sees a fold either wholly or not at all on the local server; a
//   MongoDB query is not a snapshot, so on CloudBase a read overlapping a fold may be off by that fold
//   once, and the next read is exact.
// - `ledgerAggPersons/<personId>`: for unique-person targets, the person's tally per scope cell, so a
//   check-in knows whether the person now reaches `need`. Only the same person's check-ins share it.
// - `ledgerAggState/cancelled`: the activities whose facts are applied as cancelled.
// - On each fact document: `aggT`, the targets that have counted this version of it, and `aggC`, the
//   cancellation it was counted with. They make every application idempotent: the build, the check-in
//   and the cancellation pass each re-read the fact in their transaction and skip what is done.
//
// A new target is `building` until a pass over the candidate facts finds none it has not counted, and
// that pass began at least `graceMs` after registration (so a transaction that read the registry before
// the target existed has finished); meanwhile figures are counted from the facts. The `ledger` cloud
// function's timer trigger builds and reconciles (maintain), and dashboards do a bounded step too.
// An activity cancelled or restored after its check-ins is applied by the cancellation pass, run before
// figures at most once a second and on every timer. `recount` compares every cell with recountTarget.

import { createHash } from 'node:crypto'
import { aggregateQuery, breakdownPrefix, cellFigure, factDelta, recountTarget, type AggregateTarget, type CellValue } from '../src/domain/ledger/aggregates'
import type { BreakdownKey, CountSpec } from '../src/domain/ledger/count'
import type { StoredFact } from '../src/domain/ports'
import type { CloudDb, CloudDocument, CollectionReference, DocData, DocValue, FieldCondition, Query, Transaction, UpdateData } from './cloudbase-types'

export const AGGREGATE_COLLECTIONS = ['ledgerAggState', 'ledgerAggCounts', 'ledgerAggPersons'] as const
type AggCollection = (typeof AGGREGATE_COLLECTIONS)[number]

export const SHARDS = 32
const SHARD_IDS = Array.from({ length: SHARDS }, (_, i) => `b${String(i).padStart(2, '0')}`)
/** Delta documents' ids: `d:` and the registration id (after every counter id in _id order). */
const DELTA = 'd:'
/** A read meeting at least this many deltas folds them first. */
const FOLD_AT = 300
/** Deltas moved per fold transaction. */
const FOLD_BATCH = 50
/** At most this many documents per read (CloudBase's server-side cap). */
const READ_MAX = 1000
/** How long a dashboard may spend building a new target before answering from the facts. */
const BUILD_STEP_MS = 1_000
/** Facts adopted per build transaction. */
const BUILD_BATCH = 20
/** The registry and the cancellation pass are re-read at most this often per function instance. */
const FRESH_MS = 1_000
/** By default a target is ready no sooner than this after registration (a transaction's lifetime, generously). */
export const DEFAULT_GRACE_MS = 60_000

interface KeptTarget {
  readonly key: string
  readonly need: number
  readonly state: 'building' | 'ready'
  readonly registeredAtMs: number
}
type Registry = Record<string, KeptTarget>

export interface AggregateDeps {
  readonly db: CloudDb
  readonly coll: (c: AggCollection | 'ledgerFacts' | 'activities') => CollectionReference
  readonly txName: (c: AggCollection | 'ledgerFacts') => string
  /** A transaction with the store's conflict retries. */
  runTx<T>(work: (t: Transaction) => Promise<T>): Promise<T>
  readonly toFact: (doc: CloudDocument) => StoredFact
  readonly fromFact: (f: StoredFact) => DocData
  /** The where() fields narrowing facts to a spec's candidates; null when none can qualify. */
  readonly factConditions: (spec: CountSpec) => Record<string, FieldCondition> | null
  readonly isNotFound: (err: unknown) => boolean
  readonly now: () => number
  readonly graceMs: number
}

/** A target's id in documents and paths: short, stable, never a number. */
export const targetId = (key: string): string => `k${createHash('sha256').update(key).digest('hex').slice(0, 16)}`

const shardOf = (registrationId: string): string => {
  let h = 2166136261
  for (let i = 0; i < registrationId.length; i++) h = Math.imul(h ^ registrationId.charCodeAt(i), 16777619)
  return SHARD_IDS[(h >>> 0) % SHARDS]
}

// Scope cells as field paths: keys are escaped so a '.' or '$' in an id cannot split a path.
const esc = (k: string): string => k.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/\$/g, '%24')
const unesc = (k: string): string => k.replace(/%2E/g, '.').replace(/%24/g, '$').replace(/%25/g, '%')

/** '*' → all; 'm:2025-03' → m.2025-03; 'd:kx|m:2025-03' → xd.kx.m.2025-03. */
function cellSegments(scope: string): string[] {
  if (scope === '*') return ['all']
  const [head, tail] = scope.split('|')
  const [x, key] = [head.slice(0, 1), head.slice(2)]
  if (tail === undefined) return [x, esc(key)]
  return [`x${x}`, esc(key), tail.slice(0, 1), esc(tail.slice(2))]
}

/** A breakdown prefix ('m:' or 'd:kx|m:') as the path of the object holding its cells. */
function prefixSegments(prefix: string): string[] {
  const [head, tail] = prefix.split('|')
  if (tail === undefined) return [head.slice(0, 1)]
  return [`x${head.slice(0, 1)}`, esc(head.slice(2)), tail.slice(0, 1)]
}

/** Every cell kept under one target's subtree, by scope. */
function flattenCells(tree: Record<string, unknown>): Map<string, CellValue> {
  const out = new Map<string, CellValue>()
  const cell = (v: unknown): CellValue => ({ facts: num((v as Record<string, unknown>)?.f), persons: num((v as Record<string, unknown>)?.p) })
  for (const [top, sub] of Object.entries(tree)) {
    if (top === 'all') out.set('*', cell(sub))
    else if (top.startsWith('x')) {
      for (const [k, byKind] of Object.entries(sub as Record<string, Record<string, unknown>>))
        for (const [y, cells] of Object.entries(byKind))
          for (const [k2, v] of Object.entries(cells as Record<string, unknown>)) out.set(`${top.slice(1)}:${unesc(k)}|${y}:${unesc(k2)}`, cell(v))
    } else for (const [k, v] of Object.entries(sub as Record<string, unknown>)) out.set(`${top}:${unesc(k)}`, cell(v))
  }
  return out
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
/** A plain copy of a stored tree (made in this realm, so it can be written back). */
const copyTree = (tree: Record<string, unknown>): Record<string, unknown> => JSON.parse(JSON.stringify(tree)) as Record<string, unknown>
/** Adds `by` at `path` in a tree of numbers, creating the objects on the way. */
function addAt(tree: Record<string, unknown>, path: readonly string[], by: number): void {
  let node = tree
  for (const k of path.slice(0, -1)) node = (node[k] && typeof node[k] === 'object' ? node[k] : (node[k] = {})) as Record<string, unknown>
  const last = path[path.length - 1]
  node[last] = num(node[last]) + by
}
/** Every number in a tree with its dotted path under `prefix`. */
function numbersOf(tree: unknown, prefix: string, out: Map<string, number>): Map<string, number> {
  if (typeof tree === 'number') out.set(prefix, (out.get(prefix) ?? 0) + tree)
  else if (tree && typeof tree === 'object') for (const [k, v] of Object.entries(tree)) numbersOf(v, prefix ? `${prefix}.${k}` : k, out)
  return out
}
const dig = (doc: unknown, path: readonly string[]): unknown => path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), doc)
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])

function parseRegistry(doc: CloudDocument | null): Registry {
  const out: Registry = {}
  const targets = (doc?.targets ?? {}) as Record<string, Record<string, unknown>>
  for (const [id, t] of Object.entries(targets)) {
    if (typeof t?.key !== 'string') continue
    out[id] = { key: t.key, need: num(t.need) || 1, state: t.state === 'ready' ? 'ready' : 'building', registeredAtMs: num(t.registeredAtMs) }
  }
  return out
}

const targetFrom = (kept: KeptTarget): AggregateTarget => ({ key: kept.key, spec: JSON.parse(kept.key) as AggregateTarget['spec'], need: kept.need })

/** A fact document as counted: the fact with the cancellation it was applied with, and its targets. */
interface Counted {
  readonly fact: StoredFact
  readonly targets: string[]
  readonly cancelled: boolean
  readonly data: DocData
}

/**
 * One fact applied to one target: the counter paths it changes (`t.<tid>.<cell>.f|p`) and, for unique
 * persons, the person's tally after it (null when the target keeps none or the fact does not count).
 */
function applied(target: AggregateTarget, tid: string, fact: StoredFact, sign: 1 | -1, tally: Readonly<Record<string, number>>): { paths: Array<[string, number]>; tally: Record<string, number> | null } {
  const delta = factDelta(target, fact, sign, new Map(Object.entries(tally).map(([k, n]) => [unesc(k), n])))
  const paths: Array<[string, number]> = []
  for (const c of delta.cells) {
    const base = ['t', tid, ...cellSegments(c.scope)].join('.')
    if (c.facts !== 0) paths.push([`${base}.f`, c.facts])
    if (c.persons !== 0) paths.push([`${base}.p`, c.persons])
  }
  if (target.spec.rule !== 'unique_persons' || delta.cells.length === 0) return { paths, tally: null }
  const next = { ...tally }
  for (const [scope, n] of delta.person) {
    if (n > 0) next[esc(scope)] = n
    else delete next[esc(scope)]
  }
  return { paths, tally: next }
}

/**
 * The documents the maintained counts consist of for `facts` (their current cancellation applied),
 * computed in memory with the same rule as the incremental path: for loading a large ledger at once
 * (a migration, a benchmark) while nothing else writes. The facts' documents get `aggT` = every
 * target id and `aggC` = their cancellation.
 */
export function aggregateDocuments(targets: readonly AggregateTarget[], facts: readonly StoredFact[]): {
  registry: DocData
  shards: Array<{ _id: string } & DocData>
  persons: Array<{ _id: string } & DocData>
  targetIds: string[]
} {
  const shards = new Map<string, Record<string, unknown>>(SHARD_IDS.map((id) => [id, {}]))
  const persons = new Map<string, Record<string, Record<string, number>>>()
  const ids = targets.map((t) => targetId(t.key))
  for (const f of facts) {
    const shard = shards.get(shardOf(f.registrationId))!
    targets.forEach((target, i) => {
      const tid = ids[i]
      const mine = persons.get(f.personId) ?? {}
      const { paths, tally } = applied(target, tid, f, 1, mine[tid] ?? {})
      for (const [path, by] of paths) addAt(shard, path.split('.'), by)
      if (!tally) return
      mine[tid] = tally
      persons.set(f.personId, mine)
    })
  }
  const registry = Object.fromEntries(targets.map((t, i) => [ids[i], { key: t.key, need: t.need, state: 'ready', registeredAtMs: 0 }]))
  return {
    registry: { targets: registry as unknown as DocValue },
    shards: [...shards].map(([_id, tree]) => ({ _id, t: ((tree.t ?? {}) as DocValue) })),
    persons: [...persons].map(([_id, t]) => ({ _id, t: t as unknown as DocValue })),
    targetIds: ids,
  }
}

export function cloudBaseLedgerAggregates(deps: AggregateDeps) {
  const { db } = deps
  const _ = db.command

  async function txGet(t: Transaction, c: AggCollection | 'ledgerFacts', id: string): Promise<CloudDocument | null> {
    try {
      return (await t.collection(deps.txName(c)).doc(id).get()).data ?? null
    } catch (err) {
      if (deps.isNotFound(err)) return null
      throw err
    }
  }

  function counted(doc: CloudDocument): Counted {
    const { _id, ...data } = doc
    const fact = deps.toFact(doc)
    const cancelled = typeof doc.aggC === 'boolean' ? doc.aggC : fact.activity.cancelled
    return { fact: { ...fact, activity: { ...fact.activity, cancelled } }, targets: strings(doc.aggT), cancelled, data: data as DocData }
  }

  /** The aggregate side of one transaction: reads the registry and persons once, writes at the end. */
  function inTransaction(t: Transaction) {
    let registry: Registry | null = null
    const persons = new Map<string, Record<string, Record<string, number>>>()
    const dirty = new Set<string>()
    const incs = new Map<string, Map<string, number>>()

    const reg = async (): Promise<Registry> => (registry ??= parseRegistry(await txGet(t, 'ledgerAggState', 'registry')))
    async function tallies(personId: string): Promise<Record<string, Record<string, number>>> {
      let p = persons.get(personId)
      if (!p) {
        const doc = await txGet(t, 'ledgerAggPersons', personId)
        const stored = (doc?.t ?? {}) as Record<string, Record<string, number>>
        p = Object.fromEntries(Object.entries(stored).map(([tid, tally]) => [tid, { ...tally }]))
        persons.set(personId, p)
      }
      return p
    }
    const bump = (registrationId: string, path: string, by: number): void => {
      if (by === 0) return
      const m = incs.get(registrationId) ?? new Map<string, number>()
      m.set(path, (m.get(path) ?? 0) + by)
      incs.set(registrationId, m)
    }

    async function apply(tid: string, kept: KeptTarget, fact: StoredFact, sign: 1 | -1): Promise<void> {
      const target = targetFrom(kept)
      const mine = target.spec.rule === 'unique_persons' ? await tallies(fact.personId) : {}
      const { paths, tally } = applied(target, tid, fact, sign, mine[tid] ?? {})
      for (const [path, by] of paths) bump(fact.registrationId, path, by)
      if (!tally) return
      mine[tid] = tally
      dirty.add(fact.personId)
    }

    /** Writes what the applications changed: the persons touched, and each registration's delta. */
    async function flush(): Promise<void> {
      for (const id of dirty) await t.collection(deps.txName('ledgerAggPersons')).doc(id).set({ data: { t: persons.get(id)! as DocData } })
      dirty.clear()
      for (const [registrationId, paths] of incs) {
        const id = `${DELTA}${registrationId}`
        const tree = ((await txGet(t, 'ledgerAggCounts', id))?.t ?? {}) as Record<string, unknown>
        const next = copyTree(tree)
        for (const [path, by] of paths) addAt(next, path.split('.').slice(1), by)
        await t.collection(deps.txName('ledgerAggCounts')).doc(id).set({ data: { t: next as DocValue } })
      }
      incs.clear()
    }

    let cancelled: string[] | null = null
    const cancelledList = async (): Promise<string[]> => (cancelled ??= strings((await txGet(t, 'ledgerAggState', 'cancelled'))?.ids))
    /** A cancelled activity's facts are listed, so a later restore is applied (rare: a correction after cancelling). */
    async function noteCancelled(activityId: string): Promise<void> {
      const ids = await cancelledList()
      if (ids.includes(activityId)) return
      cancelled = [...ids, activityId]
      await t.collection(deps.txName('ledgerAggState')).doc('cancelled').set({ data: { ids: cancelled } })
    }

    async function unapply(before: Counted): Promise<void> {
      const r = await reg()
      for (const tid of before.targets) if (r[tid]) await apply(tid, r[tid], before.fact, -1)
    }

    return {
      /** Writes a fact (check-in, correction, merge): the old version out of every target, the new one in. */
      async putFact(fact: StoredFact): Promise<void> {
        const r = await reg()
        const ids = Object.keys(r)
        if (ids.length === 0) {
          // Nothing kept yet: the fact as before, marked as counted by no target.
          await t.collection(deps.txName('ledgerFacts')).doc(fact.registrationId).set({ data: { ...deps.fromFact(fact), aggT: [], aggC: fact.activity.cancelled } })
          return
        }
        const old = await txGet(t, 'ledgerFacts', fact.registrationId)
        if (old) await unapply(counted(old))
        // An activity already applied as cancelled stays so for a fact written with a stale copy of it.
        const listed = (await cancelledList()).includes(fact.activity.activityId)
        const counts = listed && !fact.activity.cancelled ? { ...fact, activity: { ...fact.activity, cancelled: true } } : fact
        for (const tid of ids) await apply(tid, r[tid], counts, 1)
        await flush()
        if (fact.activity.cancelled) await noteCancelled(fact.activity.activityId)
        await t.collection(deps.txName('ledgerFacts')).doc(fact.registrationId).set({ data: { ...deps.fromFact(fact), aggT: ids, aggC: counts.activity.cancelled } })
      },
      async deleteFact(registrationId: string): Promise<void> {
        const old = await txGet(t, 'ledgerFacts', registrationId)
        if (!old) return
        await unapply(counted(old))
        await flush()
        await t.collection(deps.txName('ledgerFacts')).doc(registrationId).remove()
      },
      /** The build: counts a fact for `tid` unless this version of it already is. */
      async adopt(registrationId: string, tid: string): Promise<boolean> {
        const kept = (await reg())[tid]
        const doc = await txGet(t, 'ledgerFacts', registrationId)
        if (!kept || !doc) return false
        const c = counted(doc)
        if (c.targets.includes(tid)) return false
        await apply(tid, kept, c.fact, 1)
        await flush()
        await t.collection(deps.txName('ledgerFacts')).doc(registrationId).set({ data: { ...c.data, aggT: [...c.targets, tid], aggC: c.cancelled } })
        return true
      },
      /** The cancellation pass: re-applies a fact with its activity's current cancellation. */
      async recancel(registrationId: string, cancelled: boolean): Promise<void> {
        const doc = await txGet(t, 'ledgerFacts', registrationId)
        if (!doc) return
        const c = counted(doc)
        if (c.cancelled === cancelled) {
          // A fact from before the counts existed: record the cancellation it is counted with.
          if (doc.aggC !== cancelled) await t.collection(deps.txName('ledgerFacts')).doc(registrationId).set({ data: { ...c.data, aggC: cancelled } })
          return
        }
        const r = await reg()
        const now = { ...c.fact, activity: { ...c.fact.activity, cancelled } }
        for (const tid of c.targets) {
          if (!r[tid]) continue
          await apply(tid, r[tid], c.fact, -1)
          await apply(tid, r[tid], now, 1)
        }
        await flush()
        await t.collection(deps.txName('ledgerFacts')).doc(registrationId).set({ data: { ...c.data, aggC: cancelled } })
      },
    }
  }

  // ---- Reading ----

  let registryCache: { at: number; value: Registry } | null = null
  let registryRead: Promise<Registry> | null = null
  async function registry(fresh = false): Promise<Registry> {
    if (!fresh && registryCache && deps.now() - registryCache.at < FRESH_MS) return registryCache.value
    // The figures of one dashboard ask at once: one read serves them all.
    registryRead ??= (async () => {
      let doc: CloudDocument | null = null
      try {
        doc = (await deps.coll('ledgerAggState').doc('registry').get()).data
      } catch (err) {
        if (!deps.isNotFound(err)) throw err
      } finally {
        registryRead = null
      }
      registryCache = { at: deps.now(), value: parseRegistry(doc) }
      return registryCache.value
    })()
    return registryRead
  }

  /** Registers a target (and creates the shards on the first), in one transaction. */
  async function register(target: AggregateTarget): Promise<void> {
    const tid = targetId(target.key)
    await deps.runTx(async (t) => {
      const doc = await txGet(t, 'ledgerAggState', 'registry')
      const r = parseRegistry(doc)
      if (r[tid]) return
      if (Object.keys(r).length === 0) {
        for (const shard of SHARD_IDS) {
          if (!(await txGet(t, 'ledgerAggCounts', shard))) await t.collection(deps.txName('ledgerAggCounts')).doc(shard).set({ data: { t: {} } })
        }
      }
      const targets = { ...r, [tid]: { key: target.key, need: target.need, state: 'building', registeredAtMs: deps.now() } }
      await t.collection(deps.txName('ledgerAggState')).doc('registry').set({ data: { targets: targets as unknown as DocValue } })
    })
    registryCache = null
  }

  async function markReady(tid: string): Promise<void> {
    await deps.runTx(async (t) => {
      const r = parseRegistry(await txGet(t, 'ledgerAggState', 'registry'))
      if (!r[tid] || r[tid].state === 'ready') return
      const targets = { ...r, [tid]: { ...r[tid], state: 'ready' } }
      await t.collection(deps.txName('ledgerAggState')).doc('registry').set({ data: { targets: targets as unknown as DocValue } })
    })
    registryCache = null
  }

  /** Counts the facts `tid` has not counted yet, until `deadline`; true once the target is ready. */
  async function buildStep(tid: string, kept: KeptTarget, deadline: number): Promise<boolean> {
    const passStart = deps.now()
    const fields = deps.factConditions(targetFrom(kept).spec)
    if (fields) {
      for (;;) {
        const { data } = await deps.coll('ledgerFacts').where({ ...fields, aggT: _.nin([tid]) }).orderBy('_id', 'asc').limit(100).get()
        if (data.length === 0) break
        let adopted = 0
        for (let i = 0; i < data.length; i += BUILD_BATCH) {
          const ids = data.slice(i, i + BUILD_BATCH).map((d) => d._id)
          adopted += await deps.runTx(async (t) => {
            const tx = inTransaction(t)
            let n = 0
            for (const id of ids) if (await tx.adopt(id, tid)) n++
            return n
          })
        }
        // No progress: the target was dropped meanwhile, or another builder holds these facts.
        if (adopted === 0 || deps.now() > deadline) return false
      }
    }
    if (passStart < kept.registeredAtMs + deps.graceMs) return false
    await markReady(tid)
    return true
  }

  let reconciledAt = -Infinity
  /** An activity was written here: the next figure runs the cancellation pass first. */
  const activityWritten = (): void => {
    reconciledAt = -Infinity
  }
  /** The cancellation pass: facts of activities cancelled or restored since they were counted. */
  async function reconcile(force = false): Promise<number> {
    if (!force && deps.now() - reconciledAt < FRESH_MS) return 0
    reconciledAt = deps.now()
    if (Object.keys(await registry()).length === 0) return 0
    const cancelledNow = new Set(await ids(deps.coll('activities'), { status: 'cancelled' }))
    let stateDoc: CloudDocument | null = null
    try {
      stateDoc = (await deps.coll('ledgerAggState').doc('cancelled').get()).data
    } catch (err) {
      if (!deps.isNotFound(err)) throw err
    }
    const applied = new Set(strings(stateDoc?.ids))
    const changes: Array<[string, boolean]> = [...cancelledNow].filter((id) => !applied.has(id)).map((id) => [id, true])
    const restoredCandidates = [...applied].filter((id) => !cancelledNow.has(id))
    const stillStored = new Set(restoredCandidates.length > 0 ? await ids(deps.coll('activities'), { _id: _.in(restoredCandidates) }) : [])
    for (const id of restoredCandidates) if (stillStored.has(id)) changes.push([id, false])
    let facts = 0
    for (const [activityId, cancelled] of changes) {
      for (;;) {
        const { data } = await deps.coll('ledgerFacts').where({ activityId, aggC: _.neq(cancelled) }).orderBy('_id', 'asc').limit(100).get()
        if (data.length === 0) break
        for (let i = 0; i < data.length; i += BUILD_BATCH) {
          const batch = data.slice(i, i + BUILD_BATCH).map((d) => d._id)
          await deps.runTx(async (t) => {
            const tx = inTransaction(t)
            for (const id of batch) await tx.recancel(id, cancelled)
          })
          facts += batch.length
        }
      }
    }
    if (changes.length > 0 || restoredCandidates.length > 0) {
      await deps.runTx(async (t) => {
        const doc = await txGet(t, 'ledgerAggState', 'cancelled')
        const now = new Set(strings(doc?.ids))
        for (const [id, cancelled] of changes) cancelled ? now.add(id) : now.delete(id)
        for (const id of restoredCandidates) if (!stillStored.has(id)) now.delete(id)
        await t.collection(deps.txName('ledgerAggState')).doc('cancelled').set({ data: { ids: [...now].sort() } })
      })
    }
    return facts
  }

  /** The ids of the documents matching `fields`, 100 at a time. */
  async function ids(collection: CollectionReference, fields: Record<string, FieldCondition>): Promise<string[]> {
    const out: string[] = []
    let after: string | null = null
    for (;;) {
      const cond: Record<string, FieldCondition> = after === null ? fields : { ...fields, _id: _.gt(after) }
      const { data } = await collection.where(cond).field({ _id: true }).orderBy('_id', 'asc').limit(100).get()
      out.push(...data.map((d) => d._id))
      if (data.length < 100) return out
      after = data[data.length - 1]._id
    }
  }

  let foldDue = false
  /** Paths asked for in this turn of the event loop, read together by readPaths. */
  let pending: Map<string, Array<{ resolve: (v: unknown[]) => void; reject: (e: unknown) => void }>> | null = null

  /**
   * The subtree at `path` of every counter and delta. The figures of one dashboard ask at once, so
   * the paths asked for in the same turn are read in one query with all their projections.
   */
  function sumAt(path: readonly string[]): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      if (!pending) {
        pending = new Map()
        setImmediate(() => {
          const batch = pending!
          pending = null
          readPaths([...batch.keys()]).then(
            (byPath) => batch.forEach((waiters, key) => waiters.forEach((w) => w.resolve(byPath.get(key)!))),
            (err) => batch.forEach((waiters) => waiters.forEach((w) => w.reject(err))),
          )
        })
      }
      const key = path.join('.')
      const list = pending.get(key) ?? []
      list.push({ resolve, reject })
      pending.set(key, list)
    })
  }

  /** One read (pages of READ_MAX) of the counters and deltas, projected on `paths`; each path's subtrees. */
  async function readPaths(paths: readonly string[]): Promise<Map<string, unknown[]>> {
    if (foldDue) await fold(FOLD_AT)
    // MongoDB refuses a projection holding a path and one inside it: keep the outer one.
    const sorted = [...new Set(paths)].sort()
    const outer = sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(`${q}.`)))
    const out = new Map<string, unknown[]>(paths.map((p) => [p, []]))
    const projection = Object.fromEntries(outer.map((p) => [p, true]))
    let deltas = 0
    let after: string | null = null
    for (;;) {
      const base = deps.coll('ledgerAggCounts')
      const page: Query = after === null ? base : base.where({ _id: _.gt(after) })
      const { data } = await page.field(projection).orderBy('_id', 'asc').limit(READ_MAX).get()
      for (const d of data) {
        for (const p of paths) out.get(p)!.push(dig(d, p.split('.')))
        if (d._id.startsWith(DELTA)) deltas++
      }
      if (data.length < READ_MAX) break
      after = data[data.length - 1]._id
    }
    foldDue = deltas >= FOLD_AT
    return out
  }

  /**
   * Moves up to `max` deltas into the counters: each batch read again, summed into one counter and
   * removed in one transaction, so a delta is counted once whatever runs at the same time.
   */
  async function fold(max: number): Promise<number> {
    foldDue = false
    let moved = 0
    while (moved < max) {
      const { data } = await deps.coll('ledgerAggCounts').where({ _id: _.and(_.gte(DELTA), _.lt('d;')) }).field({ _id: true }).orderBy('_id', 'asc').limit(FOLD_BATCH).get()
      if (data.length === 0) break
      const ids = data.map((d) => d._id)
      const n = await deps.runTx(async (t) => {
        const sums = new Map<string, number>()
        let got = 0
        for (const id of ids) {
          const doc = await txGet(t, 'ledgerAggCounts', id)
          if (!doc) continue
          got++
          numbersOf(doc.t, 't', sums)
          await t.collection(deps.txName('ledgerAggCounts')).doc(id).remove()
        }
        const data: UpdateData = {}
        for (const [path, by] of sums) if (by !== 0) data[path] = _.inc(by)
        if (Object.keys(data).length > 0) await t.collection(deps.txName('ledgerAggCounts')).doc(shardOf(ids[0])).update({ data })
        return got
      })
      if (n === 0) break
      moved += n
    }
    return moved
  }

  /** The kept target for a spec, registered and built a step on first use; null while it is not ready. */
  async function readyTarget(spec: CountSpec): Promise<{ tid: string; target: AggregateTarget; scope: string } | null> {
    const q = aggregateQuery(spec)
    if (!q) return null
    const tid = targetId(q.target.key)
    let kept = (await registry())[tid]
    if (!kept) {
      await register(q.target)
      kept = (await registry(true))[tid]
      if (!kept) return null
    }
    if (kept.state !== 'ready' && !(await buildStep(tid, kept, deps.now() + BUILD_STEP_MS))) return null
    await reconcile()
    return { tid, target: q.target, scope: q.scope }
  }

  return {
    inTransaction,
    activityWritten,
    /** Moves the deltas into the counters (the timer does it; exposed for tests and bulk work). */
    fold: (max = Infinity) => fold(max),

    /** The figure of a spec from the counts; null when they cannot answer it (yet). */
    async figure(spec: CountSpec): Promise<number | null> {
      const kept = await readyTarget(spec)
      if (!kept) return null
      const path = ['t', kept.tid, ...cellSegments(kept.scope)]
      let facts = 0
      let persons = 0
      for (const v of await sumAt(path)) {
        facts += num((v as Record<string, unknown> | undefined)?.f)
        persons += num((v as Record<string, unknown> | undefined)?.p)
      }
      return facts > 0 ? cellFigure(kept.target, { facts, persons }) : 0
    },

    /** A breakdown of a spec from the counts; null when they cannot answer it. */
    async breakdown(spec: CountSpec, by: BreakdownKey): Promise<Array<[string, number]> | null> {
      const q = aggregateQuery(spec)
      const prefix = q ? breakdownPrefix(q.target, q.scope, by) : null
      if (!prefix) return null
      const kept = await readyTarget(spec)
      if (!kept) return null
      const sums = new Map<string, CellValue>()
      for (const v of await sumAt(['t', kept.tid, ...prefixSegments(prefix)])) {
        for (const [k, cell] of Object.entries((v ?? {}) as Record<string, Record<string, unknown>>)) {
          const was = sums.get(k) ?? { facts: 0, persons: 0 }
          sums.set(k, { facts: was.facts + num(cell?.f), persons: was.persons + num(cell?.p) })
        }
      }
      return [...sums].filter(([, c]) => c.facts > 0).map(([k, c]): [string, number] => [unesc(k), cellFigure(kept.target, c)])
    },

    /** The timer's work: the cancellation pass, then building every target not ready, until `deadline`. */
    async maintain(deadline: number): Promise<{ reconciledFacts: number; folded: number; ready: number; building: number }> {
      const reconciledFacts = await reconcile(true)
      let folded = 0
      while (deps.now() < deadline) {
        const n = await fold(FOLD_BATCH * 4)
        folded += n
        if (n < FOLD_BATCH * 4) break
      }
      let ready = 0
      let building = 0
      for (const [tid, kept] of Object.entries(await registry(true))) {
        if (kept.state === 'ready') ready++
        else if (deps.now() < deadline && (await buildStep(tid, kept, deadline))) ready++
        else building++
      }
      return { reconciledFacts, folded, ready, building }
    },

    /** Every ready target's cells against recountTarget over `facts` (current cancellation applied). */
    async recount(facts: readonly StoredFact[]): Promise<{ targets: number; cells: number; disagreements: Array<{ target: string; scope: string; kept: CellValue | null; recounted: CellValue | null }> }> {
      await reconcile(true)
      const disagreements: Array<{ target: string; scope: string; kept: CellValue | null; recounted: CellValue | null }> = []
      let cells = 0
      let targets = 0
      for (const [tid, kept] of Object.entries(await registry(true))) {
        if (kept.state !== 'ready') continue
        targets++
        const expected = recountTarget(targetFrom(kept), facts)
        const actual = new Map<string, CellValue>()
        for (const tree of await sumAt(['t', tid])) {
          for (const [scope, c] of flattenCells((tree ?? {}) as Record<string, unknown>)) {
            const was = actual.get(scope) ?? { facts: 0, persons: 0 }
            actual.set(scope, { facts: was.facts + c.facts, persons: was.persons + c.persons })
          }
        }
        for (const scope of new Set([...expected.keys(), ...actual.keys()])) {
          cells++
          const want = expected.get(scope) ?? null
          const have = actual.get(scope) ?? null
          if ((want?.facts ?? 0) !== (have?.facts ?? 0) || (want?.persons ?? 0) !== (have?.persons ?? 0)) disagreements.push({ target: kept.key, scope, kept: have, recounted: want })
        }
      }
      return { targets, cells, disagreements }
    },
  }
}

export type CloudBaseLedgerAggregates = ReturnType<typeof cloudBaseLedgerAggregates>
