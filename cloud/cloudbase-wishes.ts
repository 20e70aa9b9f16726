// The wishes port (src/domain/wishes/port.ts) on the CloudBase document database: collections
// `wishes` and `wishSupports` (id `<wish>:<user>`, so supporting twice finds the first). A support is
// written with its count in one transaction that reads the support document first; a conflicting
// transaction is retried, so concurrent supports each count once. Instants carry an epoch-ms twin.

import type { TargetGroup } from '../src/domain/catalog'
import type { ActivityId, AreaId, UserId } from '../src/domain/ids'
import { ms } from '../src/domain/time'
import { WISHES_LIMIT_MAX, type WishRepository } from '../src/domain/wishes/port'
import type { Wish, WishId } from '../src/domain/wishes/rules'
import type { CloudDb, CloudDocument, DocData, Query, Transaction } from './cloudbase-types'
import { msOrNull, reader } from './cloudbase-reader'
import { runTransaction } from './cloudbase-transaction'

type WishCollection = 'wishes' | 'wishSupports'

/** Ids per `_.in` read. */
const BATCH = 100

function toWish(doc: CloudDocument): Wish {
  const r = reader('wishes', doc)
  const activityId = r.strOrNull('arrangedActivityId')
  return {
    id: r.id(),
    title: r.str('title'),
    detail: r.strOrNull('detail'),
    targetGroup: r.str('targetGroup') as TargetGroup,
    areaId: r.strOrNull('areaId') as AreaId | null,
    createdBy: r.strOrNull('createdBy') as UserId | null,
    createdAt: r.str('createdAt'),
    supportCount: r.num('supportCount'),
    arranged: activityId ? { activityId: activityId as ActivityId, at: r.str('arrangedAt') } : null,
  }
}

const fromWish = (w: Wish): DocData => ({
  title: w.title,
  detail: w.detail,
  targetGroup: w.targetGroup,
  areaId: w.areaId,
  createdBy: w.createdBy,
  createdAt: w.createdAt,
  createdAtMs: msOrNull(w.createdAt),
  supportCount: w.supportCount,
  // Sorts open wishes first (rules.ts compareWishes).
  arrangedFlag: w.arranged ? 1 : 0,
  arrangedActivityId: w.arranged?.activityId ?? null,
  arrangedAt: w.arranged?.at ?? null,
})

const supportId = (wishId: string, userId: string) => `${wishId}:${userId}`

export interface CloudBaseWishHelpers {
  readonly db: CloudDb
  readonly name: (c: WishCollection) => string
  readonly getDoc: <T>(c: WishCollection, id: string, map: (d: CloudDocument) => T) => Promise<T | null>
  /** Every document of a query, read 100 at a time. */
  readonly list: <T>(query: Query, map: (d: CloudDocument) => T) => Promise<T[]>
  readonly isNotFound: (err: unknown) => boolean
  readonly isConflict: (err: unknown) => boolean
}

export function cloudBaseWishRepository(h: CloudBaseWishHelpers): WishRepository {
  const { db } = h
  const _ = db.command
  const coll = (c: WishCollection) => db.collection(h.name(c))

  async function txGet(t: Transaction, c: WishCollection, id: string): Promise<CloudDocument | null> {
    try {
      return (await t.collection(h.name(c)).doc(id).get()).data ?? null
    } catch (err) {
      if (h.isNotFound(err)) return null
      throw err
    }
  }

  /** Run again on conflicts, then SYSTEM.BUSY (cloudbase-transaction.ts). */
  const transaction = <T>(work: (t: Transaction) => Promise<T>): Promise<T> => runTransaction(db, work)

  return {
    create: (wish) =>
      transaction(async (t) => {
        await t.collection(h.name('wishes')).doc(wish.id).set({ data: fromWish(wish) })
        if (wish.createdBy) await t.collection(h.name('wishSupports')).doc(supportId(wish.id, wish.createdBy)).set({ data: { wishId: wish.id, userId: wish.createdBy, at: wish.createdAt } })
      }),
    get: (id) => h.getDoc('wishes', id, toWish),
    addSupport: (id, userId, at) =>
      transaction(async (t) => {
        const wish = await txGet(t, 'wishes', id)
        if (!wish) return false
        if (await txGet(t, 'wishSupports', supportId(id, userId))) return false
        await t.collection(h.name('wishSupports')).doc(supportId(id, userId)).set({ data: { wishId: id, userId, at } })
        await t.collection(h.name('wishes')).doc(id).update({ data: { supportCount: _.inc(1) } })
        return true
      }),
    async list({ limit, offset }) {
      const n = Math.max(0, Math.min(Math.trunc(limit), WISHES_LIMIT_MAX))
      const skip = Math.max(0, Math.trunc(offset))
      const ordered = coll('wishes').orderBy('arrangedFlag', 'asc').orderBy('supportCount', 'desc').orderBy('createdAtMs', 'desc').orderBy('_id', 'asc')
      const [{ total }, page] = await Promise.all([coll('wishes').count(), n === 0 ? Promise.resolve({ data: [] as CloudDocument[] }) : ordered.skip(skip).limit(n).get()])
      return { items: page.data.map(toWish), total }
    },
    async supportedBy(userId, ids) {
      const unique = [...new Set(ids)]
      const found = new Set<WishId>()
      for (let i = 0; i < unique.length; i += BATCH) {
        const part = unique.slice(i, i + BATCH).map((id) => supportId(id, userId))
        const { data } = await coll('wishSupports').where({ _id: _.in(part) }).limit(BATCH).get()
        for (const d of data) found.add(reader('wishSupports', d).str('wishId'))
      }
      return found
    },
    async countCreatedSince(userId, since) {
      return (await coll('wishes').where({ createdBy: userId, createdAtMs: _.gte(ms(since)) }).count()).total
    },
    markArranged: (id, activityId, at) =>
      transaction(async (t) => {
        const doc = await txGet(t, 'wishes', id)
        if (!doc) return
        const wish = toWish(doc)
        if (wish.arranged) return
        await t.collection(h.name('wishes')).doc(id).set({ data: fromWish({ ...wish, arranged: { activityId, at } }) })
      }),
    async forgetUser(userId) {
      for (const w of await h.list(coll('wishes').where({ createdBy: userId }).orderBy('_id', 'asc'), toWish)) {
        await coll('wishes').doc(w.id).set({ data: fromWish({ ...w, createdBy: null }) })
      }
      for (const id of await h.list(coll('wishSupports').where({ userId }).orderBy('_id', 'asc'), (d) => d._id)) await coll('wishSupports').doc(id).remove()
    },
  }
}
