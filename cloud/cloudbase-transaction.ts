// Running a CloudBase transaction until it commits, shared by the store and its repositories.
//
// CloudBase locks a document at a transaction's first write to it; another transaction writing it
// fails at once with DATABASE_TRANSACTION_CONFLICT, as does a write to a document committed after the
// transaction's snapshot (guide/database/transaction). That failure comes from the document write
// inside the callback, and wx-server-sdk rethrows it as `document.set:fail -501001 … database
// transaction conflict` without the `code` @cloudbase/database's runTransaction looks for, so the
// SDK's own retries (`times`) do not run for it; only a conflict reported by commitTransaction keeps
// the code. So every retry is made here: the SDK is asked for one attempt, and each conflicting one is
// run again after a random pause that doubles up to a cap, so a crowd of contenders spreads out.
// Sixteen attempts, about 1.5 s of pauses expected in all (2.9 s at worst) before SYSTEM.BUSY: 50
// transactions writing one document at once all commit. A function expecting such crowds (a popular
// sign-up) needs more than the default 3 s timeout (云函数配置 → 超时时间).

import { AppError, fail } from '../src/domain/errors'
import type { CloudDb, Transaction } from './cloudbase-types'

const ATTEMPTS_MAX = 16
const PAUSE_MS_BASE = 10
const PAUSE_MS_CAP = 240

/** A transaction conflict however the SDK reports it: with the code (commit), or by message (a document write). */
export function isConflict(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; errMsg?: unknown } | null
  if (!e) return false
  if (e.code === 'DATABASE_TRANSACTION_CONFLICT') return true
  return [e.message, e.errMsg].some((m) => typeof m === 'string' && /transaction conflict|TransactionConflict|WriteConflict/i.test(m))
}

const pause = (msMax: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * msMax))

/**
 * Runs `work` in a transaction, again on each conflict, then SYSTEM.BUSY. Expected failures
 * (AppError: REGISTRATION.FULL…) and bugs roll back and come out unchanged, without a retry.
 */
export async function runTransaction<T>(db: CloudDb, work: (t: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.runTransaction(work, 0)
    } catch (err) {
      if (err instanceof AppError || !isConflict(err)) throw err
      if (attempt >= ATTEMPTS_MAX) throw new AppError(fail('SYSTEM.BUSY').error)
      await pause(Math.min(PAUSE_MS_BASE * 2 ** attempt, PAUSE_MS_CAP))
    }
  }
}
