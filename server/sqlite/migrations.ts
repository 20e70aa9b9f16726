// Schema of the embedded SQLite database. Migrations are applied in order and recorded in
// `schema_migrations`; never edit a released migration, append a new one instead.

import type Database from 'better-sqlite3'

/**
 * Ordered SQL scripts; migration N (1-based) is `MIGRATIONS[N - 1]`.
 *
 * Conventions: STRICT tables; instants are canonical UTC ISO text (`2026-09-19T01:00:00.000Z`), so
 * text order is time order; booleans are 0/1; arrays are JSON text. There are deliberately no
 * foreign keys between domain tables: the CloudBase adapter has none either, and registrations
 * outlive a deleted person (the handlers show them as a deleted participant).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    role            TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    department_code TEXT,
    created_at      TEXT NOT NULL
  ) STRICT;

  CREATE TABLE areas (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('town', 'street')),
    sort INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE activities (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    type             TEXT NOT NULL,
    description      TEXT NOT NULL,
    start_at         TEXT NOT NULL,
    end_at           TEXT NOT NULL,
    place            TEXT NOT NULL,
    area_id          TEXT NOT NULL,
    department_code  TEXT NOT NULL,
    target_groups    TEXT NOT NULL CHECK (json_type(target_groups) = 'array'),
    actions          TEXT NOT NULL CHECK (json_type(actions) = 'array'),
    projects         TEXT NOT NULL CHECK (json_type(projects) = 'array'),
    capacity         INTEGER NOT NULL,
    waitlist_limit   INTEGER NOT NULL,
    signup_opens_at  TEXT NOT NULL,
    signup_closes_at TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('published', 'cancelled')),
    confirmed_count  INTEGER NOT NULL,
    waitlist_count   INTEGER NOT NULL,
    next_seq         INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
  ) STRICT;
  -- (start_at, id) is also the listing order, so a page needs no sort.
  CREATE INDEX activities_start_at ON activities (start_at, id);
  CREATE INDEX activities_end_at ON activities (end_at);

  -- One row per (activity, target group), kept in step with activities.target_groups by the
  -- adapter, so the target-group filter is an index lookup instead of a JSON scan.
  CREATE TABLE activity_target_groups (
    target_group TEXT NOT NULL,
    activity_id  TEXT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    PRIMARY KEY (target_group, activity_id)
  ) STRICT;
  CREATE INDEX activity_target_groups_activity ON activity_target_groups (activity_id);

  CREATE TABLE persons (
    id                  TEXT PRIMARY KEY,
    owner_id            TEXT NOT NULL,
    is_self             INTEGER NOT NULL CHECK (is_self IN (0, 1)),
    name                TEXT NOT NULL,
    birth_year          INTEGER NOT NULL,
    target_group        TEXT NOT NULL,
    area_id             TEXT NOT NULL,
    phone               TEXT,
    guardian_consent_at TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
  ) STRICT;
  CREATE INDEX persons_owner ON persons (owner_id);

  CREATE TABLE registrations (
    id           TEXT PRIMARY KEY,
    activity_id  TEXT NOT NULL,
    person_id    TEXT NOT NULL,
    owner_id     TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    seq          INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    cancelled_at TEXT,
    promoted_at  TEXT
  ) STRICT;
  CREATE INDEX registrations_activity_status_seq ON registrations (activity_id, status, seq);
  CREATE INDEX registrations_owner ON registrations (owner_id);
  CREATE INDEX registrations_person ON registrations (person_id);

  -- Local runtime only: demo sign-in sessions of the HTTP gateway.
  CREATE TABLE sessions (
    token      TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX sessions_user ON sessions (user_id);
  CREATE INDEX sessions_expires_at ON sessions (expires_at);
  `,
  // 2: check-in. New columns carry defaults, so rows written before read back as "not used yet".
  `
  ALTER TABLE activities ADD COLUMN checkout_enabled INTEGER NOT NULL DEFAULT 0 CHECK (checkout_enabled IN (0, 1));
  ALTER TABLE activities ADD COLUMN walk_ins_allowed INTEGER NOT NULL DEFAULT 0 CHECK (walk_ins_allowed IN (0, 1));
  ALTER TABLE activities ADD COLUMN attendance_closed_at TEXT;
  -- Organizer consoles list their own unit's activities by start time.
  CREATE INDEX activities_department_start_at ON activities (department_code, start_at, id);

  ALTER TABLE persons ADD COLUMN card_version INTEGER NOT NULL DEFAULT 0 CHECK (card_version >= 0);

  ALTER TABLE registrations ADD COLUMN walk_in INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1));
  ALTER TABLE registrations ADD COLUMN attendance TEXT CHECK (attendance IN ('attended', 'no_show'));
  ALTER TABLE registrations ADD COLUMN checked_in_at TEXT;
  ALTER TABLE registrations ADD COLUMN checked_out_at TEXT;

  -- One row per (registration, kind): the id is derived from both. The method is checked when read,
  -- not here, so a new method needs no table rebuild.
  CREATE TABLE checkins (
    id              TEXT PRIMARY KEY,
    activity_id     TEXT NOT NULL,
    registration_id TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('in', 'out')),
    method          TEXT NOT NULL,
    at              TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    operator_id     TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    nonce           TEXT NOT NULL,
    reason          TEXT,
    duplicates      TEXT NOT NULL CHECK (json_type(duplicates) = 'array')
  ) STRICT;
  CREATE INDEX checkins_activity ON checkins (activity_id);

  CREATE TABLE scanner_invites (
    id           TEXT PRIMARY KEY,
    activity_ids TEXT NOT NULL CHECK (json_type(activity_ids) = 'array'),
    valid_from   TEXT NOT NULL,
    valid_to     TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    redeemed_by  TEXT,
    redeemed_at  TEXT
  ) STRICT;

  CREATE TABLE scanner_grants (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL,
    activity_ids TEXT NOT NULL CHECK (json_type(activity_ids) = 'array'),
    valid_from   TEXT NOT NULL,
    valid_to     TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
  ) STRICT;
  CREATE INDEX scanner_grants_user ON scanner_grants (user_id);
  `,
  // 3: the plan ledger. Activities gain free tags; attendance facts are copied into a denormalised
  // fact table (one row per checked-in registration) so every dashboard figure is one indexed query.
  `
  ALTER TABLE activities ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_type(tags) = 'array');

  -- The activity columns are copied from the activity when the fact is written; only
  -- activity_cancelled follows the activity afterwards (the adapter keeps it in step).
  CREATE TABLE ledger_facts (
    registration_id    TEXT PRIMARY KEY,
    person_id          TEXT NOT NULL,
    person_group       TEXT NOT NULL,
    activity_id        TEXT NOT NULL,
    type               TEXT NOT NULL,
    department_code    TEXT NOT NULL,
    area_id            TEXT NOT NULL,
    tags               TEXT NOT NULL CHECK (json_type(tags) = 'array'),
    actions            TEXT NOT NULL CHECK (json_type(actions) = 'array'),
    projects           TEXT NOT NULL CHECK (json_type(projects) = 'array'),
    activity_start_at  TEXT NOT NULL,
    activity_cancelled INTEGER NOT NULL CHECK (activity_cancelled IN (0, 1)),
    at                 TEXT NOT NULL
  ) STRICT;
  -- Counting indexes: partial (facts of cancelled activities never count, so every counting query
  -- says activity_cancelled = 0) and ending in person_id, so person-times and unique persons over a
  -- period, with or without one equality filter, are answered from the index alone.
  CREATE INDEX ledger_facts_at ON ledger_facts (at, person_id) WHERE activity_cancelled = 0;
  CREATE INDEX ledger_facts_type_at ON ledger_facts (type, at, person_id) WHERE activity_cancelled = 0;
  CREATE INDEX ledger_facts_group_at ON ledger_facts (person_group, at, person_id) WHERE activity_cancelled = 0;
  CREATE INDEX ledger_facts_department_at ON ledger_facts (department_code, at, person_id) WHERE activity_cancelled = 0;
  CREATE INDEX ledger_facts_area_at ON ledger_facts (area_id, at, person_id) WHERE activity_cancelled = 0;
  CREATE INDEX ledger_facts_person ON ledger_facts (person_id);
  -- Keeping activity_cancelled in step when an activity is cancelled.
  CREATE INDEX ledger_facts_activity ON ledger_facts (activity_id);

  -- One row per (fact, kind, value) of the fact's multi-valued activity columns, kept in step with
  -- ledger_facts by the adapter, so a tag/action/project filter is an index range per value instead
  -- of a JSON scan of every fact in the period.
  CREATE TABLE ledger_fact_labels (
    registration_id TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('tag', 'action', 'project')),
    value           TEXT NOT NULL,
    at              TEXT NOT NULL,
    PRIMARY KEY (registration_id, kind, value)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX ledger_fact_labels_lookup ON ledger_fact_labels (kind, value, at);

  CREATE TABLE plans (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL
  ) STRICT;

  CREATE TABLE indicators (
    id            TEXT PRIMARY KEY,
    plan_id       TEXT NOT NULL,
    name          TEXT NOT NULL,
    unit          TEXT NOT NULL,
    rule          TEXT NOT NULL CHECK (rule IN ('person_times', 'unique_persons', 'activities', 'entered')),
    period_kind   TEXT NOT NULL CHECK (period_kind IN ('plan', 'annual')),
    target        REAL,
    filters       TEXT NOT NULL CHECK (json_type(filters) = 'object'),
    counting_note TEXT NOT NULL,
    entered       TEXT CHECK (entered IS NULL OR json_type(entered) = 'object'),
    sort          INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX indicators_plan ON indicators (plan_id, sort, id);

  -- The audit trail: whole definitions before and after, as JSON.
  CREATE TABLE indicator_changes (
    id           TEXT PRIMARY KEY,
    indicator_id TEXT NOT NULL,
    at           TEXT NOT NULL,
    by_user      TEXT NOT NULL,
    before       TEXT CHECK (before IS NULL OR json_type(before) = 'object'),
    after        TEXT NOT NULL CHECK (json_type(after) = 'object')
  ) STRICT;
  CREATE INDEX indicator_changes_indicator ON indicator_changes (indicator_id, at, id);
  `,
  // 4: the ledger's incremental aggregates (src/domain/ledger/aggregates.ts, server/sqlite/ledger-aggregates.ts).
  // A target is one counting spec; cells are its scope cells (*, d:unit, a:area, m:month, g:group).
  `
  CREATE TABLE ledger_agg_targets (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,
    need    INTEGER NOT NULL CHECK (need >= 1),
    used_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE ledger_agg_cells (
    target  INTEGER NOT NULL,
    scope   TEXT NOT NULL,
    facts   INTEGER NOT NULL,
    persons INTEGER NOT NULL,
    PRIMARY KEY (target, scope)
  ) STRICT, WITHOUT ROWID;
  -- unique_persons targets only: each person's qualifying facts per cell.
  CREATE TABLE ledger_agg_persons (
    target    INTEGER NOT NULL,
    scope     TEXT NOT NULL,
    person_id TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (target, scope, person_id)
  ) STRICT, WITHOUT ROWID;
  `,
  // 系列课程 (courses) and 结业 (completions); lessons are activities that name their course.
  `
  ALTER TABLE activities ADD COLUMN course_id TEXT;
  CREATE INDEX activities_course ON activities (course_id) WHERE course_id IS NOT NULL;

  CREATE TABLE courses (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL,
    place            TEXT NOT NULL,
    area_id          TEXT NOT NULL,
    department_code  TEXT NOT NULL,
    type             TEXT NOT NULL,
    target_groups    TEXT NOT NULL CHECK (json_type(target_groups) = 'array'),
    actions          TEXT NOT NULL CHECK (json_type(actions) = 'array'),
    projects         TEXT NOT NULL CHECK (json_type(projects) = 'array'),
    tags             TEXT NOT NULL CHECK (json_type(tags) = 'array'),
    capacity         INTEGER NOT NULL,
    required_lessons INTEGER NOT NULL CHECK (required_lessons >= 1),
    hours_per_lesson REAL NOT NULL,
    -- [{ lesson, activityId, title, makeUp }]: lessons in order, then make-ups.
    lessons          TEXT NOT NULL CHECK (json_type(lessons) = 'array'),
    signup_opens_at  TEXT NOT NULL,
    signup_closes_at TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('published', 'cancelled')),
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
  ) STRICT;
  CREATE INDEX courses_department ON courses (department_code, created_at, id);

  -- One row per (course, person): what the ledger counts for course completions.
  CREATE TABLE course_completions (
    id               TEXT PRIMARY KEY,
    course_id        TEXT NOT NULL,
    person_id        TEXT NOT NULL,
    person_group     TEXT NOT NULL,
    completed_at     TEXT NOT NULL,
    department_code  TEXT NOT NULL,
    area_id          TEXT NOT NULL,
    types            TEXT NOT NULL CHECK (json_type(types) = 'array'),
    tags             TEXT NOT NULL CHECK (json_type(tags) = 'array'),
    actions          TEXT NOT NULL CHECK (json_type(actions) = 'array'),
    projects         TEXT NOT NULL CHECK (json_type(projects) = 'array'),
    lessons_attended INTEGER NOT NULL,
    lessons_total    INTEGER NOT NULL,
    required_lessons INTEGER NOT NULL,
    hours            REAL NOT NULL,
    certificate_no   TEXT NOT NULL UNIQUE
  ) STRICT;
  CREATE INDEX course_completions_at ON course_completions (completed_at, id);
  CREATE INDEX course_completions_course ON course_completions (course_id, completed_at, id);
  `,
  // Own-data rights and reminders: consents (privacy notice, proxy management), the reminder outbox,
  // one-time subscribe credits and one-time link codes (stored as digests).
  `
  CREATE TABLE consents (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('privacy_notice', 'proxy_management')),
    version    TEXT NOT NULL,
    subject_id TEXT,
    at         TEXT NOT NULL
  ) STRICT;
  CREATE INDEX consents_user ON consents (user_id, at, id);

  CREATE TABLE reminders (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('day_before', 'hour_before', 'promoted')),
    registration_id TEXT NOT NULL,
    activity_id     TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    due_at          TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'no_subscription', 'cancelled', 'skipped', 'failed')),
    attempts        INTEGER NOT NULL CHECK (attempts >= 0),
    note            TEXT,
    sent_at         TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
  ) STRICT;
  -- The scheduler's query: only open reminders, by when they are next due.
  CREATE INDEX reminders_due ON reminders (next_attempt_at, id) WHERE status IN ('pending', 'sending');
  CREATE INDEX reminders_updated ON reminders (updated_at, id);
  CREATE INDEX reminders_user ON reminders (user_id);

  CREATE TABLE subscriptions (
    user_id    TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('day_before', 'hour_before', 'promoted')),
    credits    INTEGER NOT NULL CHECK (credits >= 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
  ) STRICT;

  CREATE TABLE link_codes (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_by    TEXT,
    used_at    TEXT
  ) STRICT;
  `,
  // 7: the ledger's volunteers (活跃志愿者) and course-completion (结业) rules. SQLite cannot alter a CHECK,
  // so the indicators table is rebuilt; a seeded 2021–2025 plan gains the volunteers indicator and its
  // smartphone-class indicator counts course completions.
  `
  CREATE TABLE indicators_v7 (
    id            TEXT PRIMARY KEY,
    plan_id       TEXT NOT NULL,
    name          TEXT NOT NULL,
    unit          TEXT NOT NULL,
    rule          TEXT NOT NULL CHECK (rule IN ('person_times', 'unique_persons', 'activities', 'volunteers', 'completions', 'entered')),
    period_kind   TEXT NOT NULL CHECK (period_kind IN ('plan', 'annual')),
    target        REAL,
    filters       TEXT NOT NULL CHECK (json_type(filters) = 'object'),
    counting_note TEXT NOT NULL,
    entered       TEXT CHECK (entered IS NULL OR json_type(entered) = 'object'),
    sort          INTEGER NOT NULL
  ) STRICT;
  INSERT INTO indicators_v7 SELECT id, plan_id, name, unit, rule, period_kind, target, filters, counting_note, entered, sort FROM indicators;
  DROP TABLE indicators;
  ALTER TABLE indicators_v7 RENAME TO indicators;
  CREATE INDEX indicators_plan ON indicators (plan_id, sort, id);
  INSERT OR IGNORE INTO indicators (id, plan_id, name, unit, rule, period_kind, target, filters, counting_note, entered, sort)
    SELECT 'plan-2021-2025-volunteers', id, '活跃科普志愿者（本年度）', '人', 'volunteers', 'annual', NULL, '{}',
           '本年度受邀担任签到志愿者并为参与者签到的人数，每人计一次', NULL, (SELECT coalesce(max(sort), 0) + 1 FROM indicators WHERE plan_id = 'plan-2021-2025')
    FROM plans WHERE id = 'plan-2021-2025';
  UPDATE indicators SET rule = 'completions', filters = '{"types":["smart_senior"],"tags":["smart_class"]}',
         counting_note = '系列课程出勤达到结业要求（含补课）即结业，每人计一次'
    WHERE id = 'plan-2021-2025-smart-class' AND rule = 'unique_persons';
  `,
  // 8: the ledger's change log of attendance corrections (出勤更正), made by admins after attendance
  // closed; persons found by phone.
  `
  CREATE TABLE attendance_corrections (
    id                   TEXT PRIMARY KEY,
    activity_id          TEXT NOT NULL,
    registration_id      TEXT NOT NULL,
    person_id            TEXT NOT NULL,
    attended             INTEGER NOT NULL CHECK (attended IN (0, 1)),
    checked_in_at_before TEXT,
    checked_in_at_after  TEXT,
    reason               TEXT NOT NULL,
    by_user              TEXT NOT NULL,
    at                   TEXT NOT NULL
  ) STRICT;
  CREATE INDEX attendance_corrections_at ON attendance_corrections (at DESC, id DESC);
  CREATE INDEX attendance_corrections_activity ON attendance_corrections (activity_id, at DESC, id DESC);
  -- Admins find duplicate person records by phone as well as by name.
  CREATE INDEX persons_phone ON persons (phone) WHERE phone IS NOT NULL;
  `,
  // 9: organizers' activities (issue 11): the details the form sets beyond the listing fields, as JSON,
  // and drafts waiting to be published (草稿, 待审核, 已退回), kept apart from published activities.
  `
  ALTER TABLE activities ADD COLUMN details TEXT CHECK (details IS NULL OR json_type(details) = 'object');
  CREATE TABLE activity_drafts (
    id              TEXT PRIMARY KEY,
    department_code TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('draft', 'pending', 'returned')),
    input           TEXT NOT NULL CHECK (json_type(input) = 'object'),
    return_reason   TEXT,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    submitted_at    TEXT,
    reviewed_by     TEXT,
    reviewed_at     TEXT
  ) STRICT;
  CREATE INDEX activity_drafts_unit ON activity_drafts (department_code, updated_at DESC, id);
  CREATE INDEX activity_drafts_state ON activity_drafts (state, submitted_at, id);
  `,
  // 10: the 活动变更通知 reminder kind (a time/place change or a cancellation). SQLite cannot alter a
  // CHECK, so reminders and subscriptions are rebuilt with their indexes.
  `
  CREATE TABLE reminders_v10 (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('day_before', 'hour_before', 'promoted', 'notice')),
    registration_id TEXT NOT NULL,
    activity_id     TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    due_at          TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'no_subscription', 'cancelled', 'skipped', 'failed')),
    attempts        INTEGER NOT NULL CHECK (attempts >= 0),
    note            TEXT,
    sent_at         TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
  ) STRICT;
  INSERT INTO reminders_v10 SELECT id, kind, registration_id, activity_id, person_id, user_id, due_at, next_attempt_at, status, attempts, note, sent_at, created_at, updated_at FROM reminders;
  DROP TABLE reminders;
  ALTER TABLE reminders_v10 RENAME TO reminders;
  CREATE INDEX reminders_due ON reminders (next_attempt_at, id) WHERE status IN ('pending', 'sending');
  CREATE INDEX reminders_updated ON reminders (updated_at, id);
  CREATE INDEX reminders_user ON reminders (user_id);

  CREATE TABLE subscriptions_v10 (
    user_id    TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('day_before', 'hour_before', 'promoted', 'notice')),
    credits    INTEGER NOT NULL CHECK (credits >= 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
  ) STRICT;
  INSERT INTO subscriptions_v10 SELECT user_id, kind, credits, updated_at FROM subscriptions;
  DROP TABLE subscriptions;
  ALTER TABLE subscriptions_v10 RENAME TO subscriptions;
  `,
  // 11: staff (issue 11): one-time organizer invites (id = digest of the code, never the code), the
  // staff log of grants and revokes, and the units' organizers found without reading every account.
  `
  CREATE TABLE staff_invites (
    id              TEXT PRIMARY KEY,
    department_code TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    used_by         TEXT,
    used_at         TEXT,
    CHECK ((used_by IS NULL) = (used_at IS NULL))
  ) STRICT;
  CREATE INDEX staff_invites_open ON staff_invites (department_code, created_at DESC, id DESC) WHERE used_by IS NULL;
  CREATE TABLE staff_events (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('grant', 'revoke')),
    user_id         TEXT NOT NULL,
    department_code TEXT NOT NULL,
    by_user         TEXT NOT NULL,
    at              TEXT NOT NULL,
    invite_id       TEXT
  ) STRICT;
  CREATE INDEX staff_events_unit ON staff_events (department_code, at DESC, id DESC);
  CREATE INDEX staff_events_at ON staff_events (at DESC, id DESC);
  CREATE INDEX staff_events_user ON staff_events (user_id, at DESC, id DESC);
  CREATE INDEX users_organizers ON users (department_code, id) WHERE role = 'organizer';
  `,
  // 12: feedback (评单), issue 11: one rating per attended registration (id = the registration's id),
  // with the activity's unit and projects copied in so tallies need no join (feedback-sql.ts).
  `
  CREATE TABLE feedback (
    id              TEXT PRIMARY KEY,
    activity_id     TEXT NOT NULL,
    department_code TEXT NOT NULL,
    projects        TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment         TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
  ) STRICT;
  CREATE INDEX feedback_activity ON feedback (activity_id, updated_at DESC, id DESC);
  CREATE INDEX feedback_unit ON feedback (department_code, updated_at DESC, id DESC);
  CREATE INDEX feedback_updated ON feedback (updated_at DESC, id DESC);
  `,
  // 13: wishes (点单), issue 11: suggested topics with their support count, and one row per supporter
  // (the primary key makes supporting twice count once) (wishes-sql.ts).
  `
  CREATE TABLE wishes (
    id                   TEXT PRIMARY KEY,
    title                TEXT NOT NULL,
    detail               TEXT,
    target_group         TEXT NOT NULL,
    area_id              TEXT,
    created_by           TEXT,
    created_at           TEXT NOT NULL,
    support_count        INTEGER NOT NULL CHECK (support_count >= 0),
    arranged_activity_id TEXT,
    arranged_at          TEXT,
    CHECK ((arranged_activity_id IS NULL) = (arranged_at IS NULL))
  ) STRICT;
  CREATE INDEX wishes_order ON wishes ((arranged_activity_id IS NOT NULL), support_count DESC, created_at DESC, id);
  CREATE INDEX wishes_by_user ON wishes (created_by, created_at);
  CREATE TABLE wish_supports (
    wish_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (wish_id, user_id)
  ) STRICT;
  CREATE INDEX wish_supports_user ON wish_supports (user_id);
  `,
  // 14: uploaded activity posters (issue 11): the record of each picture; the files are in the
  // uploads directory beside the database (posters-sql.ts).
  `
  CREATE TABLE uploads (
    id          TEXT PRIMARY KEY,
    mime        TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
    bytes       INTEGER NOT NULL CHECK (bytes > 0),
    width       INTEGER NOT NULL CHECK (width > 0),
    height      INTEGER NOT NULL CHECK (height > 0),
    uploaded_by TEXT NOT NULL,
    created_at  TEXT NOT NULL
  ) STRICT;
  `,
  // 15: a ledger aggregate target being built outside the write section (ledger-build.ts) is kept
  // under building = 1 until it has caught up; one left by a crash is ignored and removed.
  `
  ALTER TABLE ledger_agg_targets ADD COLUMN building INTEGER NOT NULL DEFAULT 0 CHECK (building IN (0, 1));
  `,
  // 16: the ledger's activities rule (场次) read cheaply: a version of the columns it counts by (a
  // random number, so a rolled-back change is never mistaken for a later one) that the figure cache of
  // ledger-queries.ts checks. A sign-up, which rewrites the activity's counters only, leaves it alone.
  // (A migration that rebuilds the activities table must recreate these triggers.)
  `
  CREATE TABLE ledger_activity_version (
    k INTEGER PRIMARY KEY CHECK (k = 0),
    v INTEGER NOT NULL
  ) STRICT;
  INSERT INTO ledger_activity_version (k, v) VALUES (0, random());
  CREATE TRIGGER ledger_activity_version_insert AFTER INSERT ON activities
  BEGIN UPDATE ledger_activity_version SET v = random() WHERE k = 0; END;
  CREATE TRIGGER ledger_activity_version_delete AFTER DELETE ON activities
  BEGIN UPDATE ledger_activity_version SET v = random() WHERE k = 0; END;
  CREATE TRIGGER ledger_activity_version_update AFTER UPDATE ON activities
  WHEN OLD.status IS NOT NEW.status OR OLD.start_at IS NOT NEW.start_at OR OLD.type IS NOT NEW.type OR OLD.department_code IS NOT NEW.department_code OR OLD.area_id IS NOT NEW.area_id OR OLD.actions IS NOT NEW.actions OR OLD.projects IS NOT NEW.projects OR OLD.tags IS NOT NEW.tags
  BEGIN UPDATE ledger_activity_version SET v = random() WHERE k = 0; END;
  `,
  // 17: a target being built counts the fact changes made until its worker's snapshot is open, so the
  // worker can say which of them its snapshot holds (ledger-build.ts).
  `
  ALTER TABLE ledger_agg_targets ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;
  `,
]

/** The schema version this code expects: the number of migrations. */
export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Brings the database up to `SCHEMA_VERSION`. Each pending migration runs in its own immediate
 * transaction together with its bookkeeping row, so a crash leaves the schema at a known version and
 * two processes opening the same file at once do not both apply it.
 * Returns the versions applied now. Refuses a database written by newer code.
 */
export function migrate(db: Database.Database, migrations: readonly string[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
  ) STRICT`)
  const current = db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_migrations')
  const record = db.prepare<[number, string]>('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')

  const applied: number[] = []
  for (;;) {
    // Re-read the version inside each transaction: another process may have migrated meanwhile.
    const step = db
      .transaction((): 'done' | number => {
        const version = current.get()?.v ?? 0
        if (version > migrations.length) {
          throw new Error(`database schema version ${version} is newer than this code (${migrations.length})`)
        }
        if (version === migrations.length) return 'done'
        const next = version + 1
        db.exec(migrations[version])
        record.run(next, new Date().toISOString())
        return next
      })
      .immediate()
    if (step === 'done') return applied
    applied.push(step)
  }
}
