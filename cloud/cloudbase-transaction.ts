// Running a CloudBase transaction until it commits, shared by the store and its repositories.
//
// CloudBase locks a document at a transaction's first write to it; another transaction writing it
// fails at once with DATABASE_TRANSACTION_CONFLICT, as does a write to a document committed after the
// transaction's snapshot (guide/database/transaction). That failure comes from the document write
// inside the callback, and wx-server-sdk rethrows it as `document.set:fail -501001 … database
// transaction conflict` without the `code` @cloudbase/database's runTransaction looks for, so the
// SDK's own retries (`times`) do not run for it; only a conflict reported by commitTransaction keeps
// the code. So every retry is made here: the SDK is asked for one attempt, and each conflicting one is
// run again after a random pause that doubles up to a cap (1 s), so a crowd of contenders spreads out
// instead of spending the lock holder's time on attempts that cannot commit. A transaction the server
// ended because it outlived its lifetime (MongoDB's transactionLifetimeLimitSeconds; its drivers label
// that TransientTransactionError and run the whole transaction again) committed nothing, so it is run
// again too: under a crowd an attempt can wait that long for its turn.
// Attempts go on until 8 s of pauses (RETRY_MS) have been spent before SYSTEM.BUSY, however slow
// the attempts themselves are: 50 transactions writing one document at once all commit, even on a
// loaded machine. A function
// expecting such crowds (a popular sign-up) needs a timeout above that (云函数配置 → 超时时间, 10 s),
// or the platform ends it first.

import { AppError, fail } from '../src/domain/errors'
import type { CloudDb, Transaction } from './cloudbase-types'

/** The pauses between conflicting attempts add up to at most this before SYSTEM.BUSY. */
const RETRY_MS = 8_000
const PAUSE_MS_BASE = 10
const PAUSE_MS_CAP = 1000

/** A transaction conflict however the SDK reports it: with the code (commit), or by message (a document write). */
export function isConflict(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; errMsg?: unknown } | null
  if (!e) return false
  if (e.code === 'DATABASE_TRANSACTION_CONFLICT') return true
  return [e.message, e.errMsg].some((m) => typeof m === 'string' && /transaction conflict|TransactionConflict|WriteConflict/i.test(m))
}

/** The server ended the transaction unfinished (expired, or aborted for its lifetime): nothing of it was written. */
export function isExpired(err: unknown): boolean {
  const e = err as { message?: unknown; errMsg?: unknown } | null
  if (!e) return false
  return [e.message, e.errMsg].some((m) => typeof m === 'string' && /has already ended \(expired\)|TransactionExpired|NoSuchTransaction/i.test(m))
}

/** Waits a random time up to `msMax`; resolves with the time waited. */
const pause = (msMax: number): Promise<number> => {
  const ms = Math.random() * msMax
  return new Promise((resolve) => setTimeout(() => resolve(ms), ms))
}

/**
 * Runs `work` in a transaction, again on each conflict or expiry, then SYSTEM.BUSY. Expected failures
 * (AppError: REGISTRATION.FULL…) and bugs roll back and come out unchanged, without a retry.
 */
export async function runTransaction<T>(db: CloudDb, work: (t: Transaction) => Promise<T>): Promise<T> {
  let paused = 0
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.runTransaction(work, 0)
    } catch (err) {
      if (err instanceof AppError || !(isConflict(err) || isExpired(err))) throw err
      if (paused >= RETRY_MS) throw new AppError(fail('SYSTEM.BUSY').error)
      paused += await pause(Math.min(PAUSE_MS_BASE * 2 ** attempt, PAUSE_MS_CAP))
    }
  }
}
