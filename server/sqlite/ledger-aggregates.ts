// The ledger's incremental aggregates in SQLite (src/domain/ledger/aggregates.ts says what they are).
// A target is created the first time a figure asks for it, built from the facts (ledger-build.ts: in
// place when the fact table is small, else in a worker outside the write section), and from then on
// changed by every fact written, removed or changed, in the same transaction. The synchronous calls here
// run inside the caller's transaction or exclusive section.
import type Database from 'better-sqlite3'
import {
  cellFigure,
  factCounts,
  recountTarget,
  type AggregateTarget,
  type CellValue,
} from '../../src/domain/ledger/aggregates'
import type { StoredFact } from '../../src/domain/ports'
import { buildInPlace, buildInWorker, type WorkerBuildHooks } from './ledger-build'
import { AggregateIncrements, incrementTarget, type IncrementTarget } from './ledger-increments'
import { rowToFact, type FactRow } from './ledger-rows'

/** Targets not asked for by any figure in this long are dropped (an old year, an edited indicator). */
const UNUSED_DAYS = 400
/** At most this many targets are kept; the least recently used goes first. */
const MAX_TARGETS = 200

interface Kept extends IncrementTarget {
  usedAt: number
}

export interface Disagreement {
  readonly target: string
  readonly scope: string
  readonly kept: CellValue | null
  readonly recounted: CellValue | null
}

/** Fact tables up to about this many rows build a new target in place (a few ms); larger ones in a worker. */
const WORKER_FROM_FACTS = 10_000

/**
 * A target being built in a worker. Until its snapshot is known, `log` holds every change with its
 * counter value; afterwards `tracked` holds the facts changed since the snapshot, each with the version
 * the snapshot (and so the target) holds.
 */
interface Building {
  readonly id: number
  readonly target: AggregateTarget
  log: Array<{ readonly registrationId: string; readonly before: StoredFact | null; readonly seq: number }> | null
  tracked: Map<string, StoredFact | null>
}

export class LedgerAggregates {
  private readonly kept = new Map<string, Kept>()
  /** Builds asked for and not yet visible, by key; they run one after another. */
  private readonly pending = new Map<string, Promise<number>>()
  private queue: Promise<unknown> = Promise.resolve()
  private building: Building | null = null
  /** Fact tables with at least this many rows (max rowid) build new targets in a worker; tests lower it. */
  workerFromFacts = WORKER_FROM_FACTS
  /** Targets built in place and in a worker, and facts caught up after a worker's snapshot, since the store opened. */
  readonly builds = { inPlace: 0, inWorker: 0, caughtUp: 0 }
  private readonly s
  private readonly increments

  constructor(
    private readonly db: Database.Database,
    private readonly exclusive: WorkerBuildHooks['exclusive'],
    private readonly now: () => number = Date.now,
  ) {
    this.s = {
      targets: db.prepare<[], { id: number; key: string; need: number; used_at: string }>('SELECT id, key, need, used_at FROM ledger_agg_targets WHERE building = 0'),
      addTarget: db.prepare<[string, number, string, number]>('INSERT INTO ledger_agg_targets (key, need, used_at, building) VALUES (?, ?, ?, ?)'),
      built: db.prepare<[string, number]>('UPDATE ledger_agg_targets SET building = 0, used_at = ? WHERE id = ?'),
      bumpChanges: db.prepare<[number], number>('UPDATE ledger_agg_targets SET changes = changes + 1 WHERE id = ? RETURNING changes').pluck(),
      stale: db.prepare<[], { id: number }>('SELECT id FROM ledger_agg_targets WHERE building = 1'),
      factRows: db.prepare<[], number | null>('SELECT max(rowid) FROM ledger_facts').pluck(),
      dropTarget: db.prepare<[number]>('DELETE FROM ledger_agg_targets WHERE id = ?'),
      dropCells: db.prepare<[number]>('DELETE FROM ledger_agg_cells WHERE target = ?'),
      dropPersons: db.prepare<[number]>('DELETE FROM ledger_agg_persons WHERE target = ?'),
      cell: db.prepare<[number, string], { facts: number; persons: number }>('SELECT facts, persons FROM ledger_agg_cells WHERE target = ? AND scope = ?'),
      cells: db.prepare<[number, string, string], { scope: string; facts: number; persons: number }>(
        'SELECT scope, facts, persons FROM ledger_agg_cells WHERE target = ? AND scope >= ? AND scope < ? ORDER BY scope',
      ),
      allCells: db.prepare<[number], { scope: string; facts: number; persons: number }>('SELECT scope, facts, persons FROM ledger_agg_cells WHERE target = ?'),
      factByRegistration: db.prepare<[string], FactRow>('SELECT * FROM ledger_facts WHERE registration_id = ?'),
      factsChangingCancellation: db.prepare<[string, number], FactRow>('SELECT * FROM ledger_facts WHERE activity_id = ? AND activity_cancelled <> ?'),
    }
    this.increments = new AggregateIncrements(db)
    for (const row of this.s.targets.all()) {
      const spec = JSON.parse(row.key) as AggregateTarget['spec']
      this.keep({ key: row.key, spec, need: row.need }, row.id, Date.parse(row.used_at))
    }
  }

  private keep(target: AggregateTarget, id: number, usedAt: number): void {
    this.kept.set(target.key, { ...incrementTarget(id, target), usedAt })
  }

  /** The targets kept, for the recount. */
  targets(): AggregateTarget[] {
    return [...this.kept.values()].map((k) => k.target)
  }

  /** The stored fact of a registration, if any (read before and after a change). */
  factOf(registrationId: string): StoredFact | null {
    const row = this.s.factByRegistration.get(registrationId)
    return row ? rowToFact(row) : null
  }

  /** The facts of an activity whose cancellation flag differs from `cancelled` (those a status change touches). */
  factsChangingCancellation(activityId: string, cancelled: boolean): StoredFact[] {
    return this.s.factsChangingCancellation.all(activityId, cancelled ? 1 : 0).map(rowToFact)
  }

  /** Replaces a fact's contribution: the old version out, the new one in (either may be absent). */
  replace(before: StoredFact | null, after: StoredFact | null): void {
    const building = this.building
    const registrationId = (before ?? after)?.registrationId
    if (building && registrationId !== undefined && !building.tracked.has(registrationId)) {
      const counts = (before && factCounts(before, building.target)) || (after && factCounts(after, building.target))
      // Before the snapshot is known every change is logged with its counter value (ledger-build.ts);
      // after, the first change of a fact is kept: its `before` is the version the snapshot holds (also
      // when this transaction rolls back, since then the next change's `before` is the same again).
      if (counts && building.log) building.log.push({ registrationId, before, seq: this.s.bumpChanges.get(building.id) ?? 0 })
      else if (counts) building.tracked.set(registrationId, before)
    }
    if (this.kept.size === 0) return
    if (before) this.increments.apply(this.kept.values(), before, -1)
    if (after) this.increments.apply(this.kept.values(), after, 1)
  }

  /** The id of a kept target, or null; marks it used. */
  lookup(target: AggregateTarget): number | null {
    const known = this.kept.get(target.key)
    if (!known) return null
    known.usedAt = this.now()
    return known.id
  }

  /**
   * The id of `target`, created and built from the facts first when it is not kept. Call outside any
   * transaction; a build in a worker holds the write section only for short steps.
   */
  ensure(target: AggregateTarget): Promise<number> {
    const known = this.lookup(target)
    if (known !== null) return Promise.resolve(known)
    const pending = this.pending.get(target.key)
    if (pending) return pending
    const run = this.queue.then(() => this.create(target))
    this.queue = run.catch(() => undefined)
    this.pending.set(target.key, run)
    const forget = () => this.pending.delete(target.key)
    run.then(forget, forget)
    return run
  }

  private async create(target: AggregateTarget): Promise<number> {
    const inWorker = await this.exclusive('ledger aggregate', () => {
      const known = this.lookup(target)
      if (known !== null) return known
      const small = this.db.memory || (this.s.factRows.get() ?? 0) < this.workerFromFacts
      const id = this.db.transaction(() => {
        const now = this.now()
        this.evict(now)
        for (const stale of this.s.stale.all()) this.dropRows(stale.id)
        const id = Number(this.s.addTarget.run(target.key, target.need, new Date(now).toISOString(), small ? 0 : 1).lastInsertRowid)
        if (small) {
          buildInPlace(this.db, id, target)
          this.builds.inPlace++
        }
        return id
      })()
      if (small) {
        this.keep(target, id, this.now())
        return id
      }
      // From now on (this write section: nothing else is between), every fact change is tracked.
      const building: Building = { id, target, log: [], tracked: new Map() }
      this.building = building
      return { id, building }
    })
    if (typeof inWorker === 'number') return inWorker
    const { id, building } = inWorker
    try {
      await buildInWorker(this.db, id, target, {
        exclusive: this.exclusive,
        snapshotAt: (seq) => {
          for (const change of building.log ?? []) {
            if (change.seq > seq && !building.tracked.has(change.registrationId)) building.tracked.set(change.registrationId, change.before)
          }
          building.log = null
        },
        catchUp: (limit) => this.catchUp(building, limit),
        publish: () => {
          this.keep(target, id, this.now())
          this.building = null
          this.builds.inWorker++
        },
      })
      return id
    } catch (err) {
      if (this.building === building) this.building = null
      if (this.db.open) await this.exclusive('ledger aggregate abandoned', () => this.db.transaction(() => this.dropRows(id))()).catch(() => undefined)
      throw err
    }
  }

  /**
   * Brings up to `limit` facts changed since the snapshot up to date in a target being built: each
   * one's version in the target out, its current version in. When none are left, marks the target built.
   */
  private catchUp(building: Building, limit: number): boolean {
    const tracked = building.tracked
    const only = [incrementTarget(building.id, building.target)]
    for (const [registrationId, held] of [...tracked].slice(0, limit)) {
      if (held) this.increments.apply(only, held, -1)
      const current = this.factOf(registrationId)
      if (current) this.increments.apply(only, current, 1)
      tracked.delete(registrationId)
      this.builds.caughtUp++
    }
    if (tracked.size > 0) return false
    this.s.built.run(new Date(this.now()).toISOString(), building.id)
    return true
  }

  private evict(now: number): void {
    const byAge = [...this.kept.values()].sort((a, b) => a.usedAt - b.usedAt)
    for (const k of byAge) {
      if (this.kept.size < MAX_TARGETS && now - k.usedAt < UNUSED_DAYS * 86_400_000) break
      this.dropRows(k.id)
      this.kept.delete(k.target.key)
    }
  }

  private dropRows(id: number): void {
    this.s.dropPersons.run(id)
    this.s.dropCells.run(id)
    this.s.dropTarget.run(id)
  }

  /** The figure of one scope cell. */
  figure(id: number, target: AggregateTarget, scope: string): number {
    const cell = this.s.cell.get(id, scope)
    return cellFigure(target, cell)
  }

  /** The cells under a prefix (a breakdown), as [key without prefix, figure]. */
  breakdown(id: number, target: AggregateTarget, prefix: string): Array<[string, number]> {
    // Prefixes end in ':'; the next character bounds the range.
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
    // A unit's or area's range also holds its crossed cells (`d:kx|m:…`); their keys hold a '|'.
    return this.s.cells
      .all(id, prefix, upper)
      .filter((c) => !c.scope.includes('|', prefix.length))
      .map((c): [string, number] => [c.scope.slice(prefix.length), cellFigure(target, c)])
  }

  /**
   * The recount: every kept target recounted with the domain's counting functions and compared cell by
   * cell with what is kept. The facts come in batches of whole persons (`batches`), so a million facts
   * never sit in memory at once: each batch is recounted on its own and the cells summed, which is
   * exact because both numbers of a cell add up over disjoint sets of persons (the facts, and the
   * persons reaching `need`). `repair` rebuilds the targets that disagree.
   */
  recount(batches: Iterable<readonly StoredFact[]>, repair = false): { facts: number; targets: number; cells: number; disagreements: Disagreement[] } {
    const kept = [...this.kept.values()]
    const sums = kept.map(() => new Map<string, { facts: number; persons: number }>())
    let facts = 0
    for (const batch of batches) {
      facts += batch.length
      kept.forEach((k, i) => {
        for (const [scope, cell] of recountTarget(k.target, batch)) {
          const sum = sums[i].get(scope)
          if (sum) {
            sum.facts += cell.facts
            sum.persons += cell.persons
          } else sums[i].set(scope, { facts: cell.facts, persons: cell.persons })
        }
      })
    }
    const disagreements: Disagreement[] = []
    let cells = 0
    kept.forEach((k, i) => {
      const expected = sums[i]
      const actual = new Map(this.s.allCells.all(k.id).map((c) => [c.scope, { facts: c.facts, persons: c.persons }]))
      const scopes = new Set([...expected.keys(), ...actual.keys()])
      let bad = false
      for (const scope of scopes) {
        cells++
        const want = expected.get(scope) ?? null
        const have = actual.get(scope) ?? null
        if ((want?.facts ?? 0) !== (have?.facts ?? 0) || (want?.persons ?? 0) !== (have?.persons ?? 0)) {
          bad = true
          disagreements.push({ target: k.target.key, scope, kept: have, recounted: want })
        }
      }
      if (bad && repair) this.db.transaction(() => buildInPlace(this.db, k.id, k.target))()
    })
    return { facts, targets: kept.length, cells, disagreements }
  }
}
