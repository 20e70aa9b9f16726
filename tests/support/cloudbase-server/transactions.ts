// Transactions as CloudBase documents them (guide/database/transaction): snapshot isolation, where
// reads see the database as it was at the transaction's first operation plus its own writes, and a
// write puts a transaction lock on the document. A write fails at once with
// DATABASE_TRANSACTION_CONFLICT when another transaction holds the lock or the document was committed
// after the snapshot (MongoDB's write conflict), and the transaction is aborted. Reads never conflict.
// Writes outside a transaction wait while a transaction holds the document's lock. Only single
// documents, by _id, can be used inside a transaction (no where() queries). The buffered writes are
// applied as one commit; a transaction not committed within its lifetime is aborted.

import { randomBytes } from 'node:crypto'
import { type Database, type Doc, keyOf, type Write } from './documents'
import { conflict, ServerError } from './errors'

type EndReason = 'committed' | 'rolled back' | 'conflict' | 'expired'

export interface Transaction {
  readonly id: string
  readonly env: string
  readonly db: Database
  readonly startedAt: number
  /** Set at the first read or write. */
  snapshot: number | null
  readonly writes: Map<string, Write>
  ended: EndReason | null
}

export interface TransactionStats {
  started: number
  committed: number
  conflicts: number
  aborted: number
}

export class Transactions {
  private readonly byId = new Map<string, Transaction>()
  private readonly running = new Set<Transaction>()
  /** Document key → the transaction holding its lock, per database. */
  private readonly locks = new Map<Database, Map<string, Transaction>>()
  private readonly waiters = new Map<Database, Map<string, Array<() => void>>>()
  readonly stats: TransactionStats = { started: 0, committed: 0, conflicts: 0, aborted: 0 }

  constructor(
    private readonly lifetimeMs: number,
    private readonly lockWaitMs: number,
  ) {}

  start(env: string, db: Database): Transaction {
    this.expire()
    const tx: Transaction = { id: randomBytes(12).toString('hex'), env, db, startedAt: Date.now(), snapshot: null, writes: new Map(), ended: null }
    this.byId.set(tx.id, tx)
    this.running.add(tx)
    this.stats.started++
    return tx
  }

  /** The running transaction with this id; a finished one fails with why it ended. */
  get(id: unknown, env: string): Transaction {
    this.expire()
    const tx = typeof id === 'string' ? this.byId.get(id) : undefined
    if (!tx || tx.env !== env) throw new ServerError('DATABASE_TRANSACTION_FAIL', `transaction ${String(id)} does not exist`)
    if (tx.ended === 'conflict') throw conflict()
    if (tx.ended) throw new ServerError('DATABASE_TRANSACTION_FAIL', `transaction ${tx.id} has already ended (${tx.ended})`)
    return tx
  }

  /** The document as the transaction sees it. */
  read(tx: Transaction, coll: string, id: string): Doc | null {
    const buffered = tx.writes.get(keyOf(coll, id))
    if (buffered) return buffered.doc
    return tx.db.at(coll, id, this.snapshotOf(tx))
  }

  /** Locks the document for `tx` and buffers its new state; conflicts abort the transaction. */
  write(tx: Transaction, coll: string, id: string, doc: Doc | null): void {
    const key = keyOf(coll, id)
    const snapshot = this.snapshotOf(tx)
    const holder = this.lockTable(tx.db).get(key)
    if (holder !== tx) {
      if ((holder && !holder.ended) || tx.db.latestSeq(coll, id) > snapshot) {
        this.stats.conflicts++
        this.end(tx, 'conflict')
        throw conflict()
      }
      this.lockTable(tx.db).set(key, tx)
    }
    tx.writes.set(key, { coll, id, doc })
  }

  commit(tx: Transaction): void {
    if (tx.writes.size > 0) tx.db.commit(tx.writes.values())
    this.stats.committed++
    this.end(tx, 'committed')
  }

  rollback(tx: Transaction): void {
    this.stats.aborted++
    this.end(tx, 'rolled back')
  }

  /** Resolves once no running transaction holds a lock on any of these documents (writes outside transactions wait). */
  async unlocked(db: Database, keys: readonly string[]): Promise<void> {
    const deadline = Date.now() + this.lockWaitMs
    for (;;) {
      this.expire()
      const locks = this.lockTable(db)
      const held = keys.find((k) => locks.get(k) && !locks.get(k)!.ended)
      if (held === undefined) return
      const left = deadline - Date.now()
      if (left <= 0) throw new ServerError('DATABASE_REQUEST_FAILED', 'lock wait timeout: the document is locked by a transaction')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250))
        const table = this.waiterTable(db)
        const list = table.get(held) ?? []
        list.push(() => {
          clearTimeout(timer)
          resolve()
        })
        table.set(held, list)
      })
    }
  }

  /** Ends transactions past their lifetime; run before each request, so no timer is needed. */
  expire(now = Date.now()): void {
    for (const tx of this.running) if (now - tx.startedAt > this.lifetimeMs) this.end(tx, 'expired')
  }

  /** Forgets everything about one database (its environment was dropped). */
  forget(db: Database): void {
    for (const [id, tx] of this.byId) {
      if (tx.db !== db) continue
      this.byId.delete(id)
      this.running.delete(tx)
    }
    this.locks.delete(db)
    this.waiters.delete(db)
  }

  private snapshotOf(tx: Transaction): number {
    if (tx.snapshot === null) tx.snapshot = tx.db.openSnapshot(tx)
    return tx.snapshot
  }

  private end(tx: Transaction, reason: EndReason): void {
    if (tx.ended) return
    tx.ended = reason
    this.running.delete(tx)
    tx.db.closeSnapshot(tx)
    const locks = this.lockTable(tx.db)
    const waiters = this.waiterTable(tx.db)
    for (const key of tx.writes.keys()) {
      if (locks.get(key) !== tx) continue
      locks.delete(key)
      for (const wake of waiters.get(key) ?? []) wake()
      waiters.delete(key)
    }
    tx.writes.clear()
    // Ended transactions are remembered for a while so late calls get a meaningful answer.
    setTimeout(() => this.byId.delete(tx.id), this.lifetimeMs).unref()
  }

  private lockTable(db: Database): Map<string, Transaction> {
    let t = this.locks.get(db)
    if (!t) this.locks.set(db, (t = new Map()))
    return t
  }

  private waiterTable(db: Database): Map<string, Array<() => void>> {
    let t = this.waiters.get(db)
    if (!t) this.waiters.set(db, (t = new Map()))
    return t
  }
}
