// The first-run seed, done once even when several gateways start on one empty database together:
// the check (`needsSeed`) and the seed run inside one lock that every gateway takes, so the first one
// seeds and the others, let in after it, find the database seeded.

import type { Store } from '../../src/domain/ports'
import type { Instant } from '../../src/domain/time'
import { needsSeed, seed } from './seed'

/** Runs `work` while holding a lock that excludes every other process sharing the database. */
export type SeedLock = <T>(work: () => Promise<T>) => Promise<T>

/** Within one process (SQLite: the database file belongs to one server process) no lock is needed. */
export const noLock: SeedLock = (work) => work()

/**
 * A PostgreSQL session-level advisory lock on its own connection, keyed by the schema, so gateways
 * on other schemas (tests) do not wait for each other. If the process dies while seeding, its
 * connection closes and the lock goes with it. The pg driver is loaded here, when the lock is first
 * taken, so that the SQLite runtime (which imports this module for `seedOnce`) never loads it.
 */
export function pgAdvisoryLock(url: string, schema?: string): SeedLock {
  return async (work) => {
    const { Client } = await import('pg')
    const client = new Client({ connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) })
    await client.connect()
    try {
      await client.query(`SELECT pg_advisory_lock(hashtext(current_schema() || ':kepu-seed'))`)
      return await work()
    } finally {
      // Closing the connection releases the lock as well, also when unlocking fails.
      await client.query(`SELECT pg_advisory_unlock(hashtext(current_schema() || ':kepu-seed'))`).catch(() => {})
      await client.end().catch(() => {})
    }
  }
}

/**
 * Seeds `store` when it is empty, under `lock`; null when another process (or an earlier run) seeded it.
 * `run` is the seed itself (tests hand in a quick stand-in: the real one takes about 45 s on PostgreSQL);
 * `isEmpty` says whether the store needs it (a database may hand in a check cheaper than the port's).
 */
export function seedOnce<R = Awaited<ReturnType<typeof seed>>>(
  store: Store,
  lock: SeedLock,
  now: () => Instant,
  random: () => number,
  run: (store: Store, now: Instant, random: () => number) => Promise<R> = seed as never,
  isEmpty: (store: Store) => Promise<boolean> = needsSeed,
): Promise<R | null> {
  return lock(async () => ((await isEmpty(store)) ? run(store, now(), random) : null))
}
