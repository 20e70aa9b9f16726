// Tables of the ledger ports (facts, plans, indicators, corrections) and the ports kept beside the
// Store (drafts, staff, feedback, wishes, posters). See migrations.ts for the conventions.
//
// As in schema-core.ts, columns keep the default collation and ids and instants are compared and
// ordered byte-wise through `COLLATE "C"` expressions (the indexes are built on the same expressions).
import type { Migration } from './migrations'

export const LEDGER_MIGRATIONS: readonly Migration[] = [
  {
    name: 'ledger-001-facts',
    sql: `
      -- One fact per checked-in registration (the id is the registration's). The activity's attributes
      -- are copied in when the fact is written; its cancellation is read from the activities table
      -- (ledger-facts.ts), the copy deciding only when the activity is not stored.
      CREATE TABLE ledger_facts (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        person_id text NOT NULL,
        person_group text NOT NULL,
        activity_id text NOT NULL,
        type text NOT NULL,
        department_code text NOT NULL,
        area_id text NOT NULL,
        tags text[] NOT NULL,
        actions text[] NOT NULL,
        projects text[] NOT NULL,
        activity_cancelled boolean NOT NULL,
        -- The check-in instant, canonical UTC ISO text, and its Shanghai month (count.ts monthLabel).
        at text NOT NULL,
        month text NOT NULL
      );
      -- Every figure filters on the period first; the columns the other filters, the cancellation and
      -- the breakdowns read ride along, so a figure without tag/action/project filters reads the index alone.
      CREATE INDEX ledger_facts_at ON ledger_facts ((at COLLATE "C"))
        INCLUDE (person_id, activity_id, activity_cancelled, month, person_group, type, department_code, area_id);
      CREATE INDEX ledger_facts_tags ON ledger_facts USING gin (tags);
      CREATE INDEX ledger_facts_actions ON ledger_facts USING gin (actions);
      CREATE INDEX ledger_facts_projects ON ledger_facts USING gin (projects);

      -- Volunteer services (listVolunteerServices) look up a grant holder's check-ins per granted activity.
      CREATE INDEX ledger_checkins_operator_activity ON checkins ((doc->>'operatorId'), (doc->>'activityId')) WHERE doc->>'kind' = 'in';
    `,
  },
  {
    name: 'ledger-002-plans-indicators-corrections',
    sql: `
      CREATE TABLE ledger_plans (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        period_from text NOT NULL
      );

      CREATE TABLE ledger_indicators (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        plan_id text NOT NULL,
        sort double precision NOT NULL
      );
      CREATE INDEX ledger_indicators_plan ON ledger_indicators (plan_id, sort, (id COLLATE "C"));

      CREATE TABLE ledger_indicator_changes (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        indicator_id text NOT NULL,
        at text NOT NULL
      );
      CREATE INDEX ledger_indicator_changes_indicator ON ledger_indicator_changes (indicator_id, (at COLLATE "C"), (id COLLATE "C"));

      CREATE TABLE attendance_corrections (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        activity_id text NOT NULL,
        at text NOT NULL
      );
      CREATE INDEX attendance_corrections_at ON attendance_corrections ((at COLLATE "C"), (id COLLATE "C"));
      CREATE INDEX attendance_corrections_activity ON attendance_corrections (activity_id, (at COLLATE "C"), (id COLLATE "C"));
    `,
  },
  {
    name: 'ledger-003-drafts-staff',
    sql: `
      CREATE TABLE activity_drafts (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        department_code text NOT NULL,
        state text NOT NULL,
        updated_at text NOT NULL,
        submitted_at text
      );
      CREATE INDEX activity_drafts_unit ON activity_drafts (department_code, (updated_at COLLATE "C"));
      CREATE INDEX activity_drafts_state ON activity_drafts (state, (submitted_at COLLATE "C"));

      CREATE TABLE staff_invites (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        department_code text NOT NULL,
        created_at text NOT NULL,
        expires_at text NOT NULL,
        used_by text
      );
      CREATE INDEX staff_invites_open ON staff_invites ((created_at COLLATE "C"), (id COLLATE "C")) WHERE used_by IS NULL;

      CREATE TABLE staff_events (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        kind text NOT NULL,
        user_id text NOT NULL,
        department_code text NOT NULL,
        at text NOT NULL
      );
      CREATE INDEX staff_events_at ON staff_events ((at COLLATE "C"), (id COLLATE "C"));
      CREATE INDEX staff_events_unit ON staff_events (department_code, (at COLLATE "C"));
      CREATE INDEX staff_events_user ON staff_events (user_id, (at COLLATE "C"));
    `,
  },
  {
    name: 'ledger-004-feedback-wishes-uploads',
    sql: `
      -- A rating's id is its registration's.
      CREATE TABLE feedback (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        activity_id text NOT NULL,
        department_code text NOT NULL,
        projects text[] NOT NULL,
        rating integer NOT NULL,
        commented boolean NOT NULL,
        updated_at text NOT NULL
      );
      CREATE INDEX feedback_activity ON feedback (activity_id);
      CREATE INDEX feedback_unit ON feedback (department_code);
      CREATE INDEX feedback_projects ON feedback USING gin (projects);
      CREATE INDEX feedback_comments ON feedback ((updated_at COLLATE "C"), (id COLLATE "C")) WHERE commented;

      CREATE TABLE wishes (
        id text PRIMARY KEY,
        doc jsonb NOT NULL,
        created_by text,
        created_at text NOT NULL,
        support_count integer NOT NULL,
        arranged boolean NOT NULL
      );
      -- wishes/rules.ts compareWishes.
      CREATE INDEX wishes_order ON wishes (arranged, support_count DESC, (created_at COLLATE "C") DESC, (id COLLATE "C"));
      CREATE INDEX wishes_created_by ON wishes (created_by, (created_at COLLATE "C"));

      -- Who supports which wish: a pair, not an entity, so no document.
      CREATE TABLE wish_supports (
        wish_id text NOT NULL,
        user_id text NOT NULL,
        at text NOT NULL,
        PRIMARY KEY (wish_id, user_id)
      );
      CREATE INDEX wish_supports_user ON wish_supports (user_id);

      CREATE TABLE uploads (
        id text PRIMARY KEY,
        doc jsonb NOT NULL
      );
    `,
  },
]
