// The incremental step of the ledger aggregates (factDelta of src/domain/ledger/aggregates.ts, in SQL):
// one fact added to or removed from every target it counts for, in the caller's transaction. A check-in
// pays for it, so it is a few statements whatever the number of targets: one multi-row upsert of the
// person tallies of every unique-persons target (RETURNING the new tallies, from which the persons
// crossing `need` follow), and one multi-row upsert of every cell. Rows emptied by a removal are
// deleted after. Targets whose period cannot hold the fact are skipped before the domain's test.
import type Database from 'better-sqlite3'
import { factCounts, factScopes, type AggregateTarget } from '../../src/domain/ledger/aggregates'
import type { StoredFact } from '../../src/domain/ports'

/** A target as the incremental step needs it: its id and its period in epoch ms (a quick pre-test). */
export interface IncrementTarget {
  readonly id: number
  readonly target: AggregateTarget
  readonly fromMs: number
  readonly toMs: number
}

export const incrementTarget = (id: number, target: AggregateTarget): IncrementTarget => ({
  id,
  target,
  fromMs: Date.parse(target.spec.period.from),
  toMs: Date.parse(target.spec.period.to),
})

type Tally = { target: number; scope: string; n: number }
type Cell = { target: number; scope: string; facts: number }

export class AggregateIncrements {
  /** Multi-row statements, prepared once per kind and row count. */
  private readonly statements = new Map<string, Database.Statement>()
  private readonly dropTally
  private readonly dropCell

  constructor(private readonly db: Database.Database) {
    this.dropTally = db.prepare<[number, string, string]>('DELETE FROM ledger_agg_persons WHERE target = ? AND scope = ? AND person_id = ? AND n <= 0')
    this.dropCell = db.prepare<[number, string]>('DELETE FROM ledger_agg_cells WHERE target = ? AND scope = ? AND facts <= 0')
  }

  private statement(kind: 'tallies' | 'cells' | 'cellsReturning', rows: number): Database.Statement {
    const key = `${kind}:${rows}`
    let statement = this.statements.get(key)
    if (!statement) {
      const sql =
        kind === 'tallies'
          ? `INSERT INTO ledger_agg_persons (target, scope, person_id, n) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}
             ON CONFLICT (target, scope, person_id) DO UPDATE SET n = n + excluded.n RETURNING target, scope, n`
          : `INSERT INTO ledger_agg_cells (target, scope, facts, persons) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}
             ON CONFLICT (target, scope) DO UPDATE SET facts = facts + excluded.facts, persons = persons + excluded.persons
             ${kind === 'cellsReturning' ? 'RETURNING target, scope, facts' : ''}`
      statement = this.db.prepare(sql)
      this.statements.set(key, statement)
    }
    return statement
  }

  /** Adds (+1) or removes (-1) one fact's contribution to each of `targets` it counts for. */
  apply(targets: Iterable<IncrementTarget>, fact: StoredFact, sign: 1 | -1): void {
    const at = Date.parse(fact.at)
    let uniqueScopes: string[] | null = null
    let timesScopes: string[] | null = null
    const tallies: unknown[] = []
    const cells: unknown[] = []
    const need = new Map<number, number>()
    for (const t of targets) {
      // A fact outside the period never counts (the domain's test below decides everything else).
      if (at < t.fromMs || at >= t.toMs || !factCounts(fact, t.target)) continue
      if (t.target.spec.rule === 'unique_persons') {
        uniqueScopes ??= factScopes(fact, 'unique_persons')
        need.set(t.id, t.target.need)
        for (const scope of uniqueScopes) tallies.push(t.id, scope, fact.personId, sign)
      } else {
        timesScopes ??= factScopes(fact, 'person_times')
        for (const scope of timesScopes) cells.push(t.id, scope, sign, 0)
      }
    }
    if (tallies.length > 0) {
      for (const { target, scope, n } of this.statement('tallies', tallies.length / 4).all(tallies) as Tally[]) {
        // A person counts in a cell once their tally reaches `need`, and stops when it falls below.
        const crossed = sign > 0 && n === need.get(target) ? 1 : sign < 0 && n === need.get(target)! - 1 ? -1 : 0
        cells.push(target, scope, sign, crossed)
        if (n <= 0) this.dropTally.run(target, scope, fact.personId)
      }
    }
    if (cells.length === 0) return
    if (sign > 0) {
      this.statement('cells', cells.length / 4).run(cells)
      return
    }
    for (const { target, scope, facts } of this.statement('cellsReturning', cells.length / 4).all(cells) as Cell[]) {
      if (facts <= 0) this.dropCell.run(target, scope)
    }
  }
}
