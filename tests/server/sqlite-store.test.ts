// What the SQLite adapter promises beyond the Store contract (tests/contract): connection settings,
// migrations, sessions, lock handling and the transaction guard rails.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '../../src/domain/errors'
import type { TxStore } from '../../src/domain/ports'
import { MIGRATIONS, SCHEMA_VERSION } from '../../server/sqlite/migrations'
import { CorruptRowError } from '../../server/sqlite/rows'
import { openSqliteStore, type SqliteStore } from '../../server/sqlite/store'
import { activityId, at, makeActivity, makePerson, makeRegistration, makeUser, personId, T0, userId } from '../support/factories'

let dir: string
let file: string
const opened: SqliteStore[] = []
const open = (options?: Parameters<typeof openSqliteStore>[1]): SqliteStore => {
  const store = openSqliteStore(file, options)
  opened.push(store)
  return store
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-sqlite-'))
  file = path.join(dir, 'test.sqlite')
})
afterEach(() => {
  for (const store of opened.splice(0)) if (store.db.open) store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('opening', () => {
  it('uses WAL, a busy timeout, foreign keys and synchronous=NORMAL', () => {
    const { db } = open({ busyTimeoutMs: 1234 })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
  })

  it('applies every migration once and keeps data across reopening', async () => {
    const first = open()
    await first.putUser(makeUser())
    first.close()
    const second = open()
    const versions = second.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()
    expect(versions).toEqual(MIGRATIONS.map((_, i) => i + 1))
    expect(await second.getUser(userId(1))).toStrictEqual(makeUser())
  })

  it('refuses a database written by a newer schema', () => {
    open().close()
    const raw = new Database(file)
    raw.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(SCHEMA_VERSION + 1, T0)
    raw.close()
    expect(() => open()).toThrow(/newer than this code/)
  })
})

describe('sessions', () => {
  it('resolves a session to its user until it expires, and forgets deleted ones', async () => {
    const store = open()
    await store.putUser(makeUser())
    await store.createSession('tok-1', userId(1), at(2), T0)
    expect(await store.getSessionUser('tok-1', at(1))).toBe(userId(1))
    expect(await store.getSessionUser('tok-1', at(2))).toBeNull()
    expect(await store.getSessionUser('nope', at(1))).toBeNull()
    await store.deleteSession('tok-1')
    expect(await store.getSessionUser('tok-1', at(1))).toBeNull()
  })

  it('purges expired sessions only', async () => {
    const store = open()
    await store.putUser(makeUser())
    await store.createSession('old', userId(1), at(1))
    await store.createSession('new', userId(1), at(5))
    expect(await store.deleteExpiredSessions(at(1))).toBe(1)
    expect(await store.getSessionUser('new', at(2))).toBe(userId(1))
  })

  it('refuses a session for an unknown user', async () => {
    const store = open()
    await expect(store.createSession('tok', userId('ghost'), at(1))).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' })
  })
})

describe('instants', () => {
  it('stores instants in canonical UTC form, so filtering by time stays exact', async () => {
    const store = open()
    // 08:00 in Shanghai is 00:00 UTC; as text, "+08:00" would compare wrongly against "Z" instants.
    await store.putActivity(makeActivity({ startAt: '2026-09-08T08:00:00+08:00', endAt: '2026-09-08T10:00:00+08:00' }))
    expect((await store.getActivity(activityId(1)))!.startAt).toBe('2026-09-08T00:00:00.000Z')
    const q = { endsAfter: '2026-09-08T01:59:59.999Z', offset: 0, limit: 10 }
    expect((await store.listActivities(q)).total).toBe(1)
    expect((await store.listActivities({ ...q, endsAfter: '2026-09-08T02:00:00.000Z' })).total).toBe(0)
  })

  it('refuses a value that is not an instant', async () => {
    const store = open()
    await expect(store.putActivity(makeActivity({ startAt: 'next tuesday' }))).rejects.toThrow(/not an instant/)
  })
})

describe('rows read back', () => {
  it('reports a damaged row instead of returning a half-valid entity', async () => {
    const store = open()
    await store.transaction((tx) => tx.putRegistration(makeRegistration()))
    store.db.pragma('ignore_check_constraints = ON')
    store.db.prepare(`UPDATE registrations SET status = 'lost'`).run()
    await expect(store.getRegistration(makeRegistration().id)).rejects.toBeInstanceOf(CorruptRowError)
  })
})

describe('locking', () => {
  it('turns a database lock held too long by another process into SYSTEM.BUSY', async () => {
    const store = open({ busyTimeoutMs: 50 })
    await store.putActivity(makeActivity())
    const other = new Database(file)
    other.prepare('BEGIN IMMEDIATE').run()
    try {
      const tx = store.transaction(async (t) => t.getActivity(activityId(1)))
      await expect(tx).rejects.toBeInstanceOf(AppError)
      await expect(tx).rejects.toMatchObject({ failure: { code: 'SYSTEM.BUSY' } })
      await expect(store.putPerson(makePerson())).rejects.toMatchObject({ failure: { code: 'SYSTEM.BUSY' } })
    } finally {
      other.prepare('ROLLBACK').run()
      other.close()
    }
    // Nothing is left half-open: the store works again once the lock is gone.
    await store.transaction(async (t) => t.putActivity(makeActivity({ nextSeq: 2 })))
    expect((await store.getActivity(activityId(1)))!.nextSeq).toBe(2)
  })

  it('keeps a plain write made while another caller’s transaction is open, even if that transaction rolls back', async () => {
    const store = open()
    await store.putActivity(makeActivity())
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const failing = store.transaction(async (tx) => {
      await tx.putActivity(makeActivity({ nextSeq: 99 }))
      await gate
      throw new Error('rolled back')
    })
    const plainWrite = store.putPerson(makePerson())
    release()
    await expect(failing).rejects.toThrow('rolled back')
    await plainWrite
    expect(await store.getPerson(personId(1))).toStrictEqual(makePerson())
    expect((await store.getActivity(activityId(1)))!.nextSeq).toBe(1)
  })
})

describe('transaction guard rails', () => {
  it('exposes only the TxStore methods, and only while the transaction is open', async () => {
    const store = open()
    await store.putActivity(makeActivity())
    let leaked: TxStore | null = null
    await store.transaction(async (tx) => {
      leaked = tx
      expect(Object.keys(tx).sort()).toEqual(['getActivity', 'getRegistration', 'putActivity', 'putRegistration'])
    })
    await expect(leaked!.getActivity(activityId(1))).rejects.toThrow(/already finished/)
  })

  it('rejects store writes and nested transactions inside the work instead of deadlocking', async () => {
    const store = open()
    await expect(store.transaction(async () => store.putUser(makeUser()))).rejects.toThrow(/inside a transaction/)
    await expect(store.transaction(async () => store.transaction(async () => 1))).rejects.toThrow(/inside a transaction/)
    expect(await store.getUser(userId(1))).toBeNull()
    expect(store.db.inTransaction).toBe(false)
  })
})

describe('query plans', () => {
  const plan = (store: SqliteStore, sql: string, ...params: unknown[]): string =>
    store.db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((r) => (r as { detail: string }).detail)
      .join('\n')

  it('uses indices for the target-group filter and the waitlist', () => {
    const store = open()
    expect(plan(store, 'SELECT activity_id FROM activity_target_groups WHERE target_group = ?', 'youth')).toMatch(/USING (PRIMARY KEY|COVERING INDEX)/)
    expect(
      plan(store, `SELECT id FROM registrations WHERE activity_id = ? AND status = 'waitlisted' ORDER BY seq LIMIT 1`, 'a'),
    ).toMatch(/registrations_activity_status_seq/)
    expect(plan(store, 'SELECT id FROM persons WHERE owner_id = ?', 'u')).toMatch(/persons_owner/)
  })
})
