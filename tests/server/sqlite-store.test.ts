// What the SQLite adapter promises beyond the Store contract (tests/contract): connection settings,
// migrations, sessions, lock handling and the transaction guard rails.

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { AppError } from '../../src/domain/errors'
import type { TxStore } from '../../src/domain/ports'
import type { CountSpec } from '../../src/domain/ledger/count'
import { activityClause, countSql, factClause } from '../../server/sqlite/ledger-sql'
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../../server/sqlite/migrations'
import { CorruptRowError } from '../../server/sqlite/rows'
import { openSqliteStore, type SqliteStore } from '../../server/sqlite/store'
import {
  activityId,
  at,
  makeActivity,
  makeCheckIn,
  makePerson,
  makeRegistration,
  makeUser,
  personId,
  T0,
  userId,
} from '../support/factories'

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

  it('upgrades a database created by migration 1, reading old rows with the check-in defaults', async () => {
    const v1 = new Database(file)
    expect(migrate(v1, MIGRATIONS.slice(0, 1))).toEqual([1])
    // Rows as the code of migration 1 wrote them.
    v1.prepare(
      `INSERT INTO activities (id, title, type, description, start_at, end_at, place, area_id, department_code,
         target_groups, actions, projects, capacity, waitlist_limit, signup_opens_at, signup_closes_at, status,
         confirmed_count, waitlist_count, next_seq, created_at, updated_at)
       VALUES (@id, @title, @type, @description, @startAt, @endAt, @place, @areaId, @departmentCode,
         @targetGroups, @actions, @projects, @capacity, @waitlistLimit, @signupOpensAt, @signupClosesAt, @status,
         @confirmedCount, @waitlistCount, @nextSeq, @createdAt, @updatedAt)`,
    ).run({
      ...makeActivity({ confirmedCount: 1, nextSeq: 2 }),
      targetGroups: '["public"]',
      actions: '[]',
      projects: '["project_resources"]',
      checkoutEnabled: undefined,
      walkInsAllowed: undefined,
      attendanceClosedAt: undefined,
    })
    v1.prepare(
      `INSERT INTO persons (id, owner_id, is_self, name, birth_year, target_group, area_id, phone, guardian_consent_at, created_at, updated_at)
       VALUES (?, ?, 1, ?, ?, ?, ?, NULL, NULL, ?, ?)`,
    ).run(personId(1), userId(1), '张三', 1960, 'senior', 'area-0001', T0, T0)
    v1.prepare(
      `INSERT INTO registrations (id, activity_id, person_id, owner_id, created_by, status, seq, created_at, updated_at, cancelled_at, promoted_at)
       VALUES (?, ?, ?, ?, ?, 'confirmed', 1, ?, ?, NULL, NULL)`,
    ).run(makeRegistration().id, activityId(1), personId(1), userId(1), userId(1), T0, T0)
    v1.close()

    const store = open()
    expect(store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1))
    expect(await store.getActivity(activityId(1))).toStrictEqual(makeActivity({ confirmedCount: 1, nextSeq: 2 }))
    expect(await store.getPerson(personId(1))).toStrictEqual(makePerson())
    expect(await store.getRegistration(makeRegistration().id)).toStrictEqual(makeRegistration())
    expect(await store.listActivitiesByDepartment('kx', T0, at(24 * 30))).toStrictEqual([makeActivity({ confirmedCount: 1, nextSeq: 2 })])
    // The new tables are there and usable.
    await store.transaction((tx) => tx.putCheckIn(makeCheckIn()))
    expect(await store.listCheckInsByActivity(activityId(1))).toStrictEqual([makeCheckIn()])
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
    expect(await store.getSessionAccount('tok-1', at(1))).toStrictEqual(await store.getUser(userId(1)))
    expect(await store.getSessionUser('tok-1', at(2))).toBeNull()
    expect(await store.getSessionAccount('tok-1', at(2))).toBeNull()
    expect(await store.getSessionUser('nope', at(1))).toBeNull()
    expect(await store.getSessionAccount('nope', at(1))).toBeNull()
    await store.deleteSession('tok-1')
    expect(await store.getSessionUser('tok-1', at(1))).toBeNull()
    expect(await store.getSessionAccount('tok-1', at(1))).toBeNull()
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

  it('reports a check-in whose duplicates or method do not decode', async () => {
    const store = open()
    await store.transaction((tx) => tx.putCheckIn(makeCheckIn()))
    store.db.prepare(`UPDATE checkins SET duplicates = '[{"nonce": "n", "at": 1}]'`).run()
    await expect(store.getCheckIn(makeCheckIn().id)).rejects.toThrow(/checkins .*duplicates/)
    store.db.prepare(`UPDATE checkins SET duplicates = '[]', method = 'telepathy'`).run()
    await expect(store.listCheckInsByActivity(activityId(1))).rejects.toThrow(/checkins .*method/)
  })

  it('refuses unknown attendance, non-boolean flags, a negative card version and an unknown check-in kind', async () => {
    const store = open()
    await store.putActivity(makeActivity())
    await store.putPerson(makePerson())
    await store.transaction((tx) => tx.putRegistration(makeRegistration()))
    for (const sql of [
      `UPDATE registrations SET attendance = 'late'`,
      `UPDATE registrations SET walk_in = 2`,
      `UPDATE activities SET checkout_enabled = -1`,
      `UPDATE activities SET walk_ins_allowed = 'yes'`,
      `UPDATE persons SET card_version = -1`,
    ]) {
      expect(() => store.db.prepare(sql).run()).toThrow(/CHECK constraint|cannot store TEXT/)
    }
    await store.transaction((tx) => tx.putCheckIn(makeCheckIn()))
    expect(() => store.db.prepare(`UPDATE checkins SET kind = 'sideways'`).run()).toThrow(/CHECK constraint/)
    expect(() => store.db.prepare(`UPDATE checkins SET duplicates = '{}'`).run()).toThrow(/CHECK constraint/)
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
      expect(Object.keys(tx).sort()).toEqual([
        'deleteCheckIn',
        'deleteCompletion',
        'deleteFact',
        'getActivity',
        'getCheckIn',
        'getCompletion',
        'getCourse',
        'getInvite',
        'getLinkCode',
        'getPerson',
        'getRegistration',
        'getReminder',
        'getSubscription',
        'putActivity',
        'putAttendanceCorrection',
        'putCheckIn',
        'putCompletion',
        'putCourse',
        'putFact',
        'putGrant',
        'putInvite',
        'putLinkCode',
        'putPerson',
        'putRegistration',
        'putReminder',
        'putSubscription',
        'readActivity',
      ])
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

  it('uses indices for the check-in lists and the department console', () => {
    const store = open()
    expect(plan(store, 'SELECT id FROM checkins WHERE activity_id = ?', 'a')).toMatch(/checkins_activity/)
    expect(plan(store, 'SELECT id FROM scanner_grants WHERE user_id = ?', 'u')).toMatch(/scanner_grants_user/)
    const byDepartment = plan(
      store,
      'SELECT id FROM activities WHERE department_code = ? AND start_at > ? AND start_at < ? ORDER BY start_at, id',
      'kx',
      T0,
      at(1),
    )
    expect(byDepartment).toMatch(/activities_department_start_at/)
    expect(byDepartment).not.toMatch(/TEMP B-TREE/)
  })

  it('answers the ledger figures from the partial counting indexes, without a table scan', () => {
    const store = open()
    const from = '2026-01-01T00:00:00.000Z'
    const to = '2027-01-01T00:00:00.000Z'
    const q = (spec: CountSpec): string => {
      const clause = spec.rule === 'activities' ? activityClause(spec) : factClause(spec)
      const sql = countSql(spec, clause!)
      const params = sql.includes('@need') ? { ...clause!.params, need: 2 } : clause!.params
      return plan(store, sql, params)
    }
    const period = { from, to }
    expect(q({ rule: 'person_times', period, filters: {} })).toMatch(/COVERING INDEX ledger_facts_at/)
    expect(q({ rule: 'unique_persons', period, filters: { minAttendance: 2 } })).toMatch(/COVERING INDEX ledger_facts_at/)
    expect(q({ rule: 'person_times', period, filters: { targetGroups: ['senior'] } })).toMatch(/COVERING INDEX ledger_facts_group_at/)
    expect(q({ rule: 'person_times', period, filters: { types: ['science_day'] } })).toMatch(/COVERING INDEX ledger_facts_type_at/)
    expect(q({ rule: 'unique_persons', period, filters: { tags: ['science_tutor_training'] } })).toMatch(/ledger_fact_labels_lookup/)
    expect(q({ rule: 'activities', period, filters: {} })).toMatch(/activities_start_at/)
    for (const spec of [{ rule: 'person_times' as const, period, filters: { departments: ['kx' as const] } }]) {
      expect(q(spec)).not.toMatch(/SCAN f\b|SCAN ledger_facts/)
    }
  })
})
