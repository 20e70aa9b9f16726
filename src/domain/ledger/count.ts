// The plan ledger's counting rules, as pure functions. This is the written specification of what counts:
//
// 1. An attendance fact is a registration whose person was checked in (attendance = attended). Cancelled
//    registrations, waitlisted ones and no-shows are never facts, so they never count.
// 2. A fact belongs to the instant of its check-in. A fact counts for an indicator only when that
//    instant lies in the indicator's period [from, to) — attendance outside the period does not count.
// 3. A fact qualifies when it passes every filter the indicator sets (activity types, the person's
//    target group, plan actions and projects, tags, units, areas); an empty filter lets everything pass.
// 4. Rules:
//    - person_times (人次): the number of qualifying facts.
//    - unique_persons (人数): the number of distinct persons with at least `minAttendance` (default 1)
//      qualifying facts in the period. Persons are deduplicated across activities, and across duplicate
//      person records once merged (`canonical` maps a merged record to the one it was merged into).
//    - activities (场次): the number of distinct activities (not cancelled) whose start lies in the
//      period and that pass the activity filters, attended or not.
//    - volunteers (活跃志愿者): the number of distinct accounts that served as invited check-in volunteers
//      (an organizer's scanner invite) and checked someone in, at `minAttendance` (default 1) or more
//      distinct activities in the period that pass the activity filters. Organizers and admins checking
//      people in at their own activities are staff, not volunteers.
//    - completions (结业人数): the number of distinct persons who completed a course (系列课程: k of its
//      n lessons, make-ups included; see courses/rules.ts) with the completion instant in the period and
//      the course's lessons passing the filters. A completion counts once, however many lessons it took.
//    - entered: a figure entered by an admin with its source (funding per resident, survey results).
// 5. A course completion counts once: a person completing a course is one unique person, however many
//    lessons they attended (use unique_persons with `minAttendance` = the course's k over its lessons).
// 6. Status: with elapsed share e of the period (0..1), an indicator is on track when
//    value ≥ target × e (a linear pro-rata), otherwise behind.

import type { ActivityType, DepartmentCode, PlanAction, PlanProject, TargetGroup } from '../catalog'
import { ms, SHANGHAI_OFFSET_MINUTES, type Instant } from '../time'
import type { Registration } from '../types'

export const COUNTING_RULES = ['person_times', 'unique_persons', 'activities', 'volunteers', 'completions', 'entered'] as const
export type CountingRule = (typeof COUNTING_RULES)[number]

export interface IndicatorFilters {
  readonly types?: readonly ActivityType[]
  /** The attending person's target group. */
  readonly targetGroups?: readonly TargetGroup[]
  readonly actions?: readonly PlanAction[]
  readonly projects?: readonly PlanProject[]
  readonly tags?: readonly string[]
  readonly departments?: readonly DepartmentCode[]
  /** The activity's town or street. */
  readonly areaIds?: readonly string[]
  /** unique_persons only: attendances a person needs in the period to count (e.g. 3 of 4 lessons). */
  readonly minAttendance?: number
}

export interface Period {
  readonly from: Instant
  readonly to: Instant
}

/** The activity side of a fact, and the unit the `activities` rule counts. */
export interface ActivityFacts {
  readonly activityId: string
  readonly type: ActivityType
  readonly startAt: Instant
  readonly cancelled: boolean
  readonly actions: readonly PlanAction[]
  readonly projects: readonly PlanProject[]
  readonly tags: readonly string[]
  readonly departmentCode: DepartmentCode
  readonly areaId: string
}

/** One attendance: a checked-in registration. Stored denormalised (the ledger's fact table), keyed by registration. */
export interface AttendanceFact {
  /** The registration the fact comes from (one fact per registration). */
  readonly registrationId?: string
  readonly personId: string
  readonly personTargetGroup: TargetGroup
  readonly at: Instant
  readonly activity: ActivityFacts
}

/** The rules counted over attendance facts and activities (countFacts); the others have their own sources. */
export type FactRule = Exclude<CountingRule, 'entered' | 'volunteers' | 'completions'>
export const isFactRule = (rule: CountingRule): rule is FactRule => rule === 'person_times' || rule === 'unique_persons' || rule === 'activities'

export interface CountSpec {
  readonly rule: FactRule
  readonly period: Period
  readonly filters: IndicatorFilters
}

const inPeriod = (at: Instant, p: Period): boolean => ms(at) >= ms(p.from) && ms(at) < ms(p.to)
const passes = <T>(allowed: readonly T[] | undefined, value: T): boolean => !allowed || allowed.length === 0 || allowed.includes(value)
const passesAny = <T>(allowed: readonly T[] | undefined, values: readonly T[]): boolean =>
  !allowed || allowed.length === 0 || values.some((v) => allowed.includes(v))

/** Whether an activity passes the activity-side filters. */
export function activityQualifies(a: ActivityFacts, f: IndicatorFilters): boolean {
  return (
    !a.cancelled &&
    passes(f.types, a.type) &&
    passesAny(f.actions, a.actions) &&
    passesAny(f.projects, a.projects) &&
    passesAny(f.tags, a.tags) &&
    passes(f.departments, a.departmentCode) &&
    passes(f.areaIds, a.areaId)
  )
}

/** Whether an attendance fact counts under the filters and period. */
export const factQualifies = (fact: AttendanceFact, spec: CountSpec): boolean =>
  inPeriod(fact.at, spec.period) && passes(spec.filters.targetGroups, fact.personTargetGroup) && activityQualifies(fact.activity, spec.filters)

/** Identity after merges: a merged duplicate record counts as the person it was merged into. */
export type Canonical = (personId: string) => string

/**
 * Counts one figure under its rule; see the specification at the top of this module.
 * @example countFacts({ rule: 'unique_persons', period, filters: { tags: ['science_tutor_training'] } }, facts, activities)
 */
export function countFacts(spec: CountSpec, facts: readonly AttendanceFact[], activities: readonly ActivityFacts[] = [], canonical: Canonical = (id) => id): number {
  if (spec.rule === 'activities') {
    return new Set(activities.filter((a) => inPeriod(a.startAt, spec.period) && activityQualifies(a, spec.filters)).map((a) => a.activityId)).size
  }
  const qualifying = facts.filter((f) => factQualifies(f, spec))
  if (spec.rule === 'person_times') return qualifying.length
  const need = Math.max(1, spec.filters.minAttendance ?? 1)
  const perPerson = new Map<string, number>()
  for (const f of qualifying) {
    const id = canonical(f.personId)
    perPerson.set(id, (perPerson.get(id) ?? 0) + 1)
  }
  let n = 0
  for (const count of perPerson.values()) if (count >= need) n++
  return n
}

export type BreakdownKey = 'month' | 'targetGroup' | 'department' | 'area'

function keyOf(fact: AttendanceFact, by: BreakdownKey): string {
  if (by === 'month') return monthLabel(fact.at)
  if (by === 'targetGroup') return fact.personTargetGroup
  if (by === 'department') return fact.activity.departmentCode
  return fact.activity.areaId
}

/** The Shanghai calendar month of an instant, as `YYYY-MM`. */
export function monthLabel(at: Instant): string {
  const local = new Date(ms(at) + SHANGHAI_OFFSET_MINUTES * 60_000)
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`
}

/**
 * The same figure split by month, target group, unit or area: each group counted under the same
 * rule (a person attending in two months is one person in each month, and one in the total).
 */
export function breakdown(spec: CountSpec, facts: readonly AttendanceFact[], by: BreakdownKey, activities: readonly ActivityFacts[] = [], canonical: Canonical = (id) => id): Map<string, number> {
  const groups = new Map<string, AttendanceFact[]>()
  if (spec.rule === 'activities') {
    const result = new Map<string, number>()
    for (const a of activities) {
      if (!inPeriod(a.startAt, spec.period) || !activityQualifies(a, spec.filters)) continue
      const key = by === 'month' ? monthLabel(a.startAt) : by === 'department' ? a.departmentCode : by === 'area' ? a.areaId : null
      if (key !== null) result.set(key, (result.get(key) ?? 0) + 1)
    }
    return result
  }
  for (const f of facts) {
    if (!factQualifies(f, spec)) continue
    const key = keyOf(f, by)
    const list = groups.get(key) ?? []
    list.push(f)
    groups.set(key, list)
  }
  return new Map([...groups].map(([k, list]) => [k, countFacts(spec, list, [], canonical)]))
}

export type IndicatorStatus = 'on_track' | 'behind' | 'no_target'

/** Share of the period elapsed at `now`, clamped to 0..1. */
export function elapsedShare(period: Period, now: Instant): number {
  const total = ms(period.to) - ms(period.from)
  if (total <= 0) return 1
  return Math.min(1, Math.max(0, (ms(now) - ms(period.from)) / total))
}

/** On track when the value reaches the linear pro-rata of the target for the elapsed share of the period. */
export function indicatorStatus(value: number, target: number | null, period: Period, now: Instant): { status: IndicatorStatus; percent: number | null; expected: number | null } {
  if (target === null || target <= 0) return { status: 'no_target', percent: null, expected: null }
  const expected = target * elapsedShare(period, now)
  return { status: value >= expected ? 'on_track' : 'behind', percent: Math.round((value / target) * 1000) / 10, expected: Math.round(expected * 10) / 10 }
}

/**
 * The attendance facts of stored registrations: only confirmed registrations whose person was checked
 * in. Cancelled, waitlisted and no-show registrations yield nothing (rule 1).
 */
export function attendanceFacts(
  registrations: readonly Pick<Registration, 'id' | 'personId' | 'activityId' | 'status' | 'checkedInAt' | 'attendance'>[],
  activityOf: (id: string) => ActivityFacts | undefined,
  personGroupOf: (personId: string) => TargetGroup | undefined,
): AttendanceFact[] {
  const facts: AttendanceFact[] = []
  for (const r of registrations) {
    if (r.status !== 'confirmed' || !r.checkedInAt || r.attendance === 'no_show') continue
    const activity = activityOf(r.activityId)
    const group = personGroupOf(r.personId)
    if (activity && group) facts.push({ registrationId: r.id, personId: r.personId, personTargetGroup: group, at: r.checkedInAt, activity })
  }
  return facts
}

/** The activity side of a fact, from a stored activity. */
export const activityFacts = (a: Pick<import('../types').Activity, 'id' | 'type' | 'startAt' | 'status' | 'actions' | 'projects' | 'tags' | 'departmentCode' | 'areaId'>): ActivityFacts => ({
  activityId: a.id,
  type: a.type,
  startAt: a.startAt,
  cancelled: a.status === 'cancelled',
  actions: a.actions,
  projects: a.projects,
  tags: a.tags,
  departmentCode: a.departmentCode,
  areaId: a.areaId,
})

/** The fact a check-in adds to the ledger: the person's group at the time, the activity's attributes. */
export const factOf = (
  registrationId: string,
  person: { id: string; targetGroup: TargetGroup },
  activity: Parameters<typeof activityFacts>[0],
  at: Instant,
): AttendanceFact & { registrationId: string } => ({ registrationId, personId: person.id, personTargetGroup: person.targetGroup, at, activity: activityFacts(activity) })

/** One volunteer's service at one activity: the first check-in they made there under a scanner grant. */
export interface VolunteerService {
  readonly userId: string
  readonly at: Instant
  readonly activity: ActivityFacts
}

/** The volunteers rule (see the specification above): distinct accounts with enough qualifying services. */
export function countVolunteers(period: Period, filters: IndicatorFilters, services: readonly VolunteerService[]): number {
  const need = Math.max(1, filters.minAttendance ?? 1)
  const activitiesBy = new Map<string, Set<string>>()
  for (const s of services) {
    if (!inPeriod(s.at, period) || !activityQualifies(s.activity, filters)) continue
    const set = activitiesBy.get(s.userId) ?? new Set<string>()
    set.add(s.activity.activityId)
    activitiesBy.set(s.userId, set)
  }
  let n = 0
  for (const set of activitiesBy.values()) if (set.size >= need) n++
  return n
}

/** A course completion as the ledger sees it (courses/rules.ts CourseCompletion has these fields). */
export interface CompletionFact {
  readonly personId: string
  readonly personTargetGroup: TargetGroup
  readonly completedAt: Instant
  readonly departmentCode: DepartmentCode
  readonly areaId: string
  readonly types: readonly ActivityType[]
  readonly tags: readonly string[]
  readonly actions: readonly PlanAction[]
  readonly projects: readonly PlanProject[]
}

/** Whether a completion counts under the filters and period (the completions rule). */
export function completionQualifies(c: CompletionFact, period: Period, f: IndicatorFilters): boolean {
  return (
    inPeriod(c.completedAt, period) &&
    passes(f.targetGroups, c.personTargetGroup) &&
    passesAny(f.types, c.types) &&
    passesAny(f.tags, c.tags) &&
    passesAny(f.actions, c.actions) &&
    passesAny(f.projects, c.projects) &&
    passes(f.departments, c.departmentCode) &&
    passes(f.areaIds, c.areaId)
  )
}

/** The completions rule (see the specification above): distinct persons with a qualifying completion. */
export function countCompletions(period: Period, filters: IndicatorFilters, completions: readonly CompletionFact[], canonical: Canonical = (id) => id): number {
  return new Set(completions.filter((c) => completionQualifies(c, period, filters)).map((c) => canonical(c.personId))).size
}
