// The stored documents of one environment (one CloudBase database): per collection, each document's
// committed versions in insertion order (the natural order a query without orderBy returns). Old
// versions are kept only while a transaction may still read them (its snapshot). Every commit, with
// or without a transaction, is one step of `seq`. Values are what bson's relaxed EJSON.parse gives:
// plain JSON plus Date.

import { noCollection } from './errors'

export type Doc = { _id: string } & Record<string, unknown>

interface Version {
  readonly seq: number
  readonly doc: Doc | null
}

export interface Write {
  readonly coll: string
  readonly id: string
  /** null removes the document. */
  readonly doc: Doc | null
}

export const keyOf = (coll: string, id: string): string => `${coll}\u0000${id}`

export class Database {
  /** The last commit; a snapshot at `seq` sees every commit up to it. */
  seq = 0
  private readonly collections = new Map<string, Map<string, Version[]>>()
  /** Snapshots of transactions still running, so their versions are not pruned. */
  private readonly snapshots = new Map<object, number>()

  constructor(private readonly strictCollections: boolean) {}

  hasCollection(name: string): boolean {
    return this.collections.has(name)
  }

  /** Creates the collection; false when it existed. */
  createCollection(name: string): boolean {
    if (this.collections.has(name)) return false
    this.collections.set(name, new Map())
    return true
  }

  collectionNames(): string[] {
    return [...this.collections.keys()]
  }

  /** The collection's versions; a missing collection fails like CloudBase unless collections are created on first use. */
  private versionsOf(name: string, create: boolean): Map<string, Version[]> | null {
    let c = this.collections.get(name)
    if (!c && create) {
      if (this.strictCollections) throw noCollection(name)
      c = new Map()
      this.collections.set(name, c)
    }
    return c ?? null
  }

  /** Throws when reading a collection that does not exist (strict mode), like CloudBase does. */
  assertReadable(name: string): void {
    if (this.strictCollections && !this.collections.has(name)) throw noCollection(name)
  }

  latest(coll: string, id: string): Doc | null {
    const list = this.versionsOf(coll, false)?.get(id)
    return list ? list[list.length - 1].doc : null
  }

  /** The seq of the document's last commit (its removal included); 0 when never written. */
  latestSeq(coll: string, id: string): number {
    const list = this.versionsOf(coll, false)?.get(id)
    return list ? list[list.length - 1].seq : 0
  }

  /** The document as a snapshot taken at `seq` sees it. */
  at(coll: string, id: string, seq: number): Doc | null {
    const list = this.versionsOf(coll, false)?.get(id)
    if (!list) return null
    for (let i = list.length - 1; i >= 0; i--) if (list[i].seq <= seq) return list[i].doc
    return null
  }

  /** Every current document of a collection, in natural order. */
  *scan(coll: string): Generator<Doc> {
    const c = this.versionsOf(coll, false)
    if (!c) return
    for (const list of c.values()) {
      const doc = list[list.length - 1].doc
      if (doc) yield doc
    }
  }

  size(coll: string): number {
    let n = 0
    for (const _ of this.scan(coll)) n++
    return n
  }

  /** Applies writes as one atomic commit. */
  commit(writes: Iterable<Write>): number {
    const seq = ++this.seq
    const oldest = this.oldestSnapshot()
    for (const w of writes) {
      const c = this.versionsOf(w.coll, true)!
      const list = c.get(w.id)
      if (!list) {
        if (w.doc) c.set(w.id, [{ seq, doc: w.doc }])
        continue
      }
      list.push({ seq, doc: w.doc })
      // Keep the newest version a running snapshot can see, and everything after it.
      let keepFrom = list.length - 1
      while (keepFrom > 0 && list[keepFrom].seq > oldest) keepFrom--
      if (keepFrom > 0) list.splice(0, keepFrom)
      // A removed document nobody can still see leaves no trace (a re-insert goes to the end, as in MongoDB).
      if (list.length === 1 && list[0].doc === null) c.delete(w.id)
    }
    return seq
  }

  /** Bulk load for tests: writes documents directly, as one commit. */
  load(coll: string, docs: readonly Doc[]): void {
    this.collections.has(coll) || this.collections.set(coll, new Map())
    this.commit(docs.map((doc) => ({ coll, id: doc._id, doc })))
  }

  openSnapshot(owner: object): number {
    this.snapshots.set(owner, this.seq)
    return this.seq
  }

  closeSnapshot(owner: object): void {
    this.snapshots.delete(owner)
  }

  private oldestSnapshot(): number {
    let oldest = Infinity
    for (const s of this.snapshots.values()) oldest = Math.min(oldest, s)
    return oldest
  }
}
