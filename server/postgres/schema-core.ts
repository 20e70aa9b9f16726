// Tables of the core ports (accounts, sessions, areas, activities, persons, registrations, check-ins,
// reminders, courses). See migrations.ts for the conventions.
//
// Ordering: ids and instants are ordered byte-wise (`COLLATE "C"`, as SQLite and JavaScript compare
// them) whatever the database's default collation; the columns keep the default collation, so other
// groups' joins on them (e.g. against `doc->>'activityId'`) never meet a collation conflict.
import type { Migration } from './migrations'

export const CORE_MIGRATIONS: readonly Migration[] = [
  {
    name: 'core-001-accounts-and-areas',
    sql: `
      CREATE TABLE users (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        role text NOT NULL,
        department_code text
      );
      CREATE INDEX users_id_c ON users ((id COLLATE "C"));

      -- The local gateway's sign-in sessions: the id is the session token.
      CREATE TABLE sessions (
        id text PRIMARY KEY,
        user_id text NOT NULL,
        created_at text NOT NULL,
        expires_at text NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE INDEX sessions_expires_at ON sessions (expires_at COLLATE "C");

      CREATE TABLE consents (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        user_id text NOT NULL,
        at text NOT NULL
      );
      CREATE INDEX consents_user ON consents (user_id, (at COLLATE "C"), (id COLLATE "C"));

      CREATE TABLE link_codes (
        id text PRIMARY KEY,
        doc jsonb NOT NULL
      );

      CREATE TABLE areas (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        sort integer NOT NULL
      );
    `,
  },
  {
    name: 'core-002-activities-persons-registrations',
    sql: `
      CREATE TABLE activities (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        status text NOT NULL,
        type text NOT NULL,
        area_id text NOT NULL,
        department_code text NOT NULL,
        start_at text NOT NULL,
        end_at text NOT NULL,
        target_groups text[] NOT NULL,
        -- Title, place and description lower-cased by JavaScript, as matchesQuery folds them.
        search text[] NOT NULL,
        course_id text
      );
      CREATE INDEX activities_start_at ON activities ((start_at COLLATE "C"), (id COLLATE "C")) WHERE status = 'published';
      CREATE INDEX activities_end_at ON activities (end_at COLLATE "C") WHERE status = 'published';
      CREATE INDEX activities_target_groups ON activities USING gin (target_groups);
      CREATE INDEX activities_department_start_at ON activities (department_code, (start_at COLLATE "C"), (id COLLATE "C"));
      CREATE INDEX activities_course ON activities (course_id) WHERE course_id IS NOT NULL;

      CREATE TABLE persons (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        owner_id text NOT NULL,
        name text NOT NULL,
        phone text,
        created_at text NOT NULL
      );
      CREATE INDEX persons_owner ON persons (owner_id);
      CREATE INDEX persons_name ON persons (name);
      CREATE INDEX persons_phone ON persons (phone) WHERE phone IS NOT NULL;

      CREATE TABLE registrations (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        activity_id text NOT NULL,
        person_id text NOT NULL,
        owner_id text NOT NULL,
        status text NOT NULL,
        seq integer NOT NULL,
        created_at text NOT NULL
      );
      CREATE INDEX registrations_activity_status_seq ON registrations (activity_id, status, seq);
      CREATE INDEX registrations_owner ON registrations (owner_id);
      CREATE INDEX registrations_person ON registrations (person_id);
    `,
  },
  {
    name: 'core-003-checkins-invites-grants',
    sql: `
      CREATE TABLE checkins (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        activity_id text NOT NULL,
        registration_id text NOT NULL,
        person_id text NOT NULL,
        kind text NOT NULL,
        operator_id text NOT NULL,
        at text NOT NULL
      );
      CREATE INDEX checkins_activity ON checkins (activity_id);
      CREATE INDEX checkins_registration ON checkins (registration_id);

      CREATE TABLE scanner_invites (
        id text PRIMARY KEY,
        doc jsonb NOT NULL
      );

      CREATE TABLE scanner_grants (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        user_id text NOT NULL,
        activity_ids text[] NOT NULL,
        created_at text NOT NULL
      );
      CREATE INDEX scanner_grants_user ON scanner_grants (user_id);
    `,
  },
  {
    name: 'core-004-reminders-subscriptions',
    sql: `
      CREATE TABLE reminders (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        status text NOT NULL,
        user_id text NOT NULL,
        next_attempt_at text NOT NULL,
        created_at text NOT NULL,
        updated_at text NOT NULL
      );
      CREATE INDEX reminders_due ON reminders ((next_attempt_at COLLATE "C"), (id COLLATE "C")) WHERE status IN ('pending', 'sending');
      CREATE INDEX reminders_updated ON reminders ((updated_at COLLATE "C"), (id COLLATE "C"));
      CREATE INDEX reminders_user ON reminders (user_id);

      -- One row per (user, kind): the id is the JSON array [userId, kind].
      CREATE TABLE subscriptions (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        user_id text NOT NULL,
        kind text NOT NULL,
        UNIQUE (user_id, kind)
      );
    `,
  },
  {
    name: 'core-005-courses',
    sql: `
      CREATE TABLE courses (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        department_code text NOT NULL,
        created_at text NOT NULL
      );
      CREATE INDEX courses_department ON courses (department_code, (created_at COLLATE "C"), (id COLLATE "C"));

      CREATE TABLE course_completions (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        course_id text NOT NULL,
        person_id text NOT NULL,
        completed_at text NOT NULL,
        certificate_no text NOT NULL UNIQUE
      );
      CREATE INDEX course_completions_at ON course_completions ((completed_at COLLATE "C"), (id COLLATE "C"));
      CREATE INDEX course_completions_course ON course_completions (course_id, (completed_at COLLATE "C"), (id COLLATE "C"));
      CREATE INDEX course_completions_person ON course_completions (person_id);
    `,
  },
  {
    // A transaction's by-id read (doc-table.ts) in one round trip instead of three when the row is
    // missing: lock the row; when there is none, lock its id (the same advisory key as before, so
    // gateways of both versions exclude each other) and look again. VOLATILE, so the second look takes
    // a fresh snapshot and sees a row committed by the transaction that held the id (READ COMMITTED).
    // EXECUTE leaves FOUND alone: a missing row is a null doc (the column is NOT NULL).
    name: 'core-006-lock-doc',
    sql: `
      CREATE FUNCTION kepu_lock_doc(tbl text, row_id text) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        d jsonb;
      BEGIN
        EXECUTE format('SELECT doc FROM %I WHERE id = $1 FOR UPDATE', tbl) INTO d USING row_id;
        IF d IS NOT NULL THEN
          RETURN d;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || tbl || ':' || row_id, 0));
        EXECUTE format('SELECT doc FROM %I WHERE id = $1 FOR UPDATE', tbl) INTO d USING row_id;
        RETURN d;
      END
      $fn$;
    `,
  },
]
