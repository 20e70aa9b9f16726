// The ledger's incremental aggregates in SQLite (src/domain/ledger/aggregates.ts says what they are).
// A target is created the first time a figure asks for it, built from the facts in one SQL pass, and
// from then on changed by every fact written, removed or changed, in the same transaction. All calls
// here are synchronous and run inside the caller's transaction or exclusive section.
import type Database from 'better-sqlite3'
import {
  cellFigure,
  factCounts,
  factScopes,
  recountTarget,
  type AggregateTarget,
  type CellValue,
} from '../../src/domain/ledger/aggregates'
import type { StoredFact } from '../../src/domain/ports'
import { factClause } from './ledger-sql'
import { rowToFact, type FactRow } from './ledger-rows'

/** Targets not asked for by any figure in this long are dropped (an old year, an edited indicator). */
const UNUSED_DAYS = 400
/** At most this many targets are kept; the least recently used goes first. */
const MAX_TARGETS = 200

interface Kept {
  readonly id: number
  readonly target: AggregateTarget
  usedAt: number
}

/**
 * factScopes in SQL over a pre-grouped `base` (one row per unit, area, month, group — and person for
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

export interface Disagreement {
  readonly target: string
  readonly scope: string
  readonly kept: CellValue | null
  readonly recounted: CellValue | null
}

export class LedgerAggregates {
  private readonly kept = new Map<string, Kept>()
  private readonly s

  constructor(private readonly db: Database.Database, private readonly now: () => number = Date.now) {
    this.s = {
      targets: db.prepare<[], { id: number; key: string; need: number; used_at: string }>('SELECT id, key, need, used_at FROM ledger_agg_targets'),
      addTarget: db.prepare<[string, number, string]>('INSERT INTO ledger_agg_targets (key, need, used_at) VALUES (?, ?, ?)'),
      dropTarget: db.prepare<[number]>('DELETE FROM ledger_agg_targets WHERE id = ?'),
      dropCells: db.prepare<[number]>('DELETE FROM ledger_agg_cells WHERE target = ?'),
      dropPersons: db.prepare<[number]>('DELETE FROM ledger_agg_persons WHERE target = ?'),
      bumpPerson: db
        .prepare<{ target: number; scope: string; person: string; d: number }, number>(
          `INSERT INTO ledger_agg_persons (target, scope, person_id, n) VALUES (@target, @scope, @person, @d)
           ON CONFLICT (target, scope, person_id) DO UPDATE SET n = n + excluded.n RETURNING n`,
        )
        .pluck(),
      dropPerson: db.prepare<{ target: number; scope: string; person: string }>(
        'DELETE FROM ledger_agg_persons WHERE target = @target AND scope = @scope AND person_id = @person',
      ),
      bumpCell: db
        .prepare<{ target: number; scope: string; facts: number; persons: number }, number>(
          `INSERT INTO ledger_agg_cells (target, scope, facts, persons) VALUES (@target, @scope, @facts, @persons)
           ON CONFLICT (target, scope) DO UPDATE SET facts = facts + excluded.facts, persons = persons + excluded.persons RETURNING facts`,
        )
        .pluck(),
      dropCell: db.prepare<{ target: number; scope: string }>('DELETE FROM ledger_agg_cells WHERE target = @target AND scope = @scope'),
      cell: db.prepare<[number, string], { facts: number; persons: number }>('SELECT facts, persons FROM ledger_agg_cells WHERE target = ? AND scope = ?'),
      cells: db.prepare<[number, string, string], { scope: string; facts: number; persons: number }>(
        'SELECT scope, facts, persons FROM ledger_agg_cells WHERE target = ? AND scope >= ? AND scope < ? ORDER BY scope',
      ),
      allCells: db.prepare<[number], { scope: string; facts: number; persons: number }>('SELECT scope, facts, persons FROM ledger_agg_cells WHERE target = ?'),
      factByRegistration: db.prepare<[string], FactRow>('SELECT * FROM ledger_facts WHERE registration_id = ?'),
      factsChangingCancellation: db.prepare<[string, number], FactRow>('SELECT * FROM ledger_facts WHERE activity_id = ? AND activity_cancelled <> ?'),
    }
    for (const row of this.s.targets.all()) {
      const spec = JSON.parse(row.key) as AggregateTarget['spec']
      this.kept.set(row.key, { id: row.id, target: { key: row.key, spec, need: row.need }, usedAt: Date.parse(row.used_at) })
    }
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

  /** Adds (+1) or removes (-1) one fact's contribution to every target it counts for. */
  apply(fact: StoredFact, sign: 1 | -1): void {
    for (const { id, target } of this.kept.values()) {
      if (!factCounts(fact, target)) continue
      for (const scope of factScopes(fact, target.spec.rule)) {
        let crossed = 0
        if (target.spec.rule === 'unique_persons') {
          const n = this.s.bumpPerson.get({ target: id, scope, person: fact.personId, d: sign }) ?? 0
          if (n <= 0) this.s.dropPerson.run({ target: id, scope, person: fact.personId })
          if (sign > 0 && n === target.need) crossed = 1
          if (sign < 0 && n === target.need - 1) crossed = -1
        }
        const facts = this.s.bumpCell.get({ target: id, scope, facts: sign, persons: crossed }) ?? 0
        if (facts <= 0) this.s.dropCell.run({ target: id, scope })
      }
    }
  }

  /** Replaces a fact's contribution: the old version out, the new one in (either may be absent). */
  replace(before: StoredFact | null, after: StoredFact | null): void {
    if (before) this.apply(before, -1)
    if (after) this.apply(after, 1)
  }

  /** The id of a kept target, or null; marks it used. */
  lookup(target: AggregateTarget): number | null {
    const known = this.kept.get(target.key)
    if (!known) return null
    known.usedAt = this.now()
    return known.id
  }

  /** Creates `target` and builds it from the facts, atomically. Call in a write section. */
  create(target: AggregateTarget): number {
    return this.lookup(target) ?? this.db.transaction(() => {
      const now = this.now()
      this.evict(now)
      const id = Number(this.s.addTarget.run(target.key, target.need, new Date(now).toISOString()).lastInsertRowid)
      this.build(id, target)
      this.kept.set(target.key, { id, target, usedAt: now })
      return id
    })()
  }

  private evict(now: number): void {
    const byAge = [...this.kept.values()].sort((a, b) => a.usedAt - b.usedAt)
    for (const k of byAge) {
      if (this.kept.size < MAX_TARGETS && now - k.usedAt < UNUSED_DAYS * 86_400_000) break
      this.drop(k)
    }
  }

  private drop(k: Kept): void {
    this.s.dropPersons.run(k.id)
    this.s.dropCells.run(k.id)
    this.s.dropTarget.run(k.id)
    this.kept.delete(k.target.key)
  }

  /** Builds a target's numbers from the facts (the counting SQL of ledger-sql.ts, one pass). */
  private build(id: number, target: AggregateTarget): void {
    this.s.dropPersons.run(id)
    this.s.dropCells.run(id)
    const clause = factClause(target.spec)
    if (clause === null) return
    const params = { ...clause.params, target: id, need: target.need }
    const scopes = scopesSql(target.spec.rule)
    if (target.spec.rule === 'person_times') {
      this.db
        .prepare(
          `WITH b AS (SELECT ${BASE_COLUMNS}, count(*) AS n FROM ledger_facts f WHERE ${clause.where} GROUP BY d, a, m, g)
           INSERT INTO ledger_agg_cells (target, scope, facts, persons)
           SELECT @target, ${scopes.expr} AS scope, sum(b.n), 0 FROM b CROSS JOIN ${scopes.table} GROUP BY scope`,
        )
        .run(params)
      return
    }
    this.db
      .prepare(
        `WITH b AS (SELECT f.person_id AS p, ${BASE_COLUMNS}, count(*) AS n FROM ledger_facts f WHERE ${clause.where} GROUP BY p, d, a, m, g)
         INSERT INTO ledger_agg_persons (target, scope, person_id, n)
         SELECT @target, ${scopes.expr} AS scope, b.p, sum(b.n) FROM b CROSS JOIN ${scopes.table} GROUP BY scope, b.p`,
      )
      .run(params)
    this.db
      .prepare(
        `INSERT INTO ledger_agg_cells (target, scope, facts, persons)
         SELECT target, scope, sum(n), sum(n >= @need) FROM ledger_agg_persons WHERE target = @target GROUP BY scope`,
      )
      .run({ target: id, need: target.need })
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
      if (bad && repair) this.db.transaction(() => this.build(k.id, k.target))()
    })
    return { facts, targets: kept.length, cells, disagreements }
  }
}
