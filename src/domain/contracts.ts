// Request schemas for every action, and the views (DTOs) returned to clients.
// Validation happens at the edge (dispatch); handlers then trust the types.

import { z } from 'zod'
import { POSTER_ID_PATTERN } from './uploads/rules'
import { ACTIVITY_TAGS, ACTIVITY_TYPES, DEPARTMENTS, PLAN_ACTIONS, PLAN_PROJECTS, TARGET_GROUPS, codesOf } from './catalog'
import {
  ACTIVITY_ADDRESS_MAX,
  ACTIVITY_DESCRIPTION_MAX,
  ACTIVITY_PLACE_MAX,
  ACTIVITY_TITLE_MAX,
  CANCEL_REASON_MAX,
  REVIEW_REASON_MAX,
  type ActivityInput,
} from './activities/editing'
import { fail, type Result } from './errors'
import { ID_PATTERN, type ActivityId, type AreaId, type CourseId, type PersonId, type RegistrationId, type UserId } from './ids'
import type { Availability, SignupWindowState } from './activities/rules'
import type { Activity, Area, Person, Registration } from './types'
import { COUNTING_RULES, type CountingRule } from './ledger/count'
import { decodeIndicatorFilters } from './ledger/filters'
import { CORRECTION_REASON_MAX_CHARS } from './ledger/corrections'
import { isPersonName, PERSON_NAME_INVALID_MESSAGE, PHONE_INVALID_MESSAGE, PHONE_PATTERN } from './persons/rules'
import { REMINDER_KINDS, SUBSCRIBE_KINDS_MAX, type ReminderKind } from './reminders/schedule'

import { AREA_NAME_MAX, NAME_MAX, REASON_MAX, SEARCH_MAX, SYNC_BATCH_MAX } from './limits'
export { AREA_NAME_MAX, NAME_MAX, REASON_MAX, SEARCH_MAX, SYNC_BATCH_MAX }

const id = <T extends string>() =>
  z
    .string({ error: 'invalid_id' })
    .regex(ID_PATTERN, { error: 'invalid_id' })
    .transform((s) => s as T)

/** An indicator's filters, decoded by the domain (ledger/filters.ts) with a request's limits. */
const indicatorFilters = () =>
  z.unknown().transform((value, ctx) => {
    const decoded = decodeIndicatorFilters(value, 'request')
    if (decoded.ok) return decoded.value
    ctx.addIssue({ code: 'custom', message: decoded.why === 'invalid_id' ? 'invalid_id' : 'invalid', path: decoded.field ? decoded.field.split('.') : [] })
    return z.NEVER
  })

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'required' })
    .max(max, { error: 'too_long' })

const targetGroup = z.enum(codesOf(TARGET_GROUPS) as [string, ...string[]]) as unknown as z.ZodType<
  (typeof TARGET_GROUPS)[number]['code']
>
const activityType = z.enum(codesOf(ACTIVITY_TYPES) as [string, ...string[]]) as unknown as z.ZodType<
  (typeof ACTIVITY_TYPES)[number]['code']
>

const COURSE_TITLE_MAX = 30
const COURSE_DESCRIPTION_MAX = 500
const LESSON_TITLE_MAX = 30
const PLACE_MAX = 60
const INDICATOR_NAME_MAX = 40
const NOTE_MAX = 120
const departmentCode = z.enum(codesOf(DEPARTMENTS) as [string, ...string[]]) as unknown as z.ZodType<(typeof DEPARTMENTS)[number]['code']>
const deviceId = () => z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, { error: 'invalid_id' })
const nonce = () => z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'invalid_id' })
const instant = () =>
  z
    .string()
    .max(40, { error: 'too_long' })
    .refine((s) => !Number.isNaN(Date.parse(s)), { error: 'instant' })
    .transform((s) => new Date(Date.parse(s)).toISOString())
/** Every check-in attempt carries a client nonce (a repeat is harmless) and the device; `at` defaults to now. */
const attemptFields = {
  nonce: nonce(),
  deviceId: deviceId(),
  at: instant().optional(),
  kind: z.enum(['in', 'out']).optional(),
}
/** An optional phone: empty or absent is none. */
const optionalPhone = () =>
  z
    .union([z.literal(''), z.string().regex(PHONE_PATTERN, { error: 'phone' })])
    .nullish()
    .transform((p) => (p ? p : null))
/** A person's name (isPersonName). */
const personName = () => text(NAME_MAX).refine(isPersonName, { error: 'person_name' })
const personFields = {
  name: personName(),
  birthYear: z.number().int().min(1900),
  targetGroup,
  areaId: id<AreaId>(),
  phone: optionalPhone(),
  guardianConsent: z.boolean().optional(),
}

const catalogEnum = <C extends string>(codes: readonly C[]) => z.enum(codes as unknown as [string, ...string[]]) as unknown as z.ZodType<C>

/** The organizer's activity form (activities/editing.ts ActivityInput); the domain checks what depends on other fields. */
const activityInput = z.strictObject({
  title: z.string().max(ACTIVITY_TITLE_MAX * 2, { error: 'too_long' }),
  type: activityType,
  description: z.string().max(ACTIVITY_DESCRIPTION_MAX, { error: 'too_long' }),
  startAt: instant(),
  endAt: instant(),
  place: z.string().max(ACTIVITY_PLACE_MAX * 2, { error: 'too_long' }),
  address: z.string().max(ACTIVITY_ADDRESS_MAX, { error: 'too_long' }),
  areaId: id<AreaId>(),
  location: z.strictObject({ latitude: z.number().finite(), longitude: z.number().finite() }).nullable(),
  capacity: z.number().int(),
  waitlistLimit: z.number().int(),
  signupOpensAt: instant(),
  signupClosesAt: instant(),
  targetGroups: z.array(targetGroup).max(TARGET_GROUPS.length).transform((xs) => [...new Set(xs)]),
  minAge: z.number().int().nullable(),
  maxAge: z.number().int().nullable(),
  walkInsAllowed: z.boolean(),
  checkoutEnabled: z.boolean(),
  actions: z.array(catalogEnum(codesOf(PLAN_ACTIONS))).max(PLAN_ACTIONS.length).transform((xs) => [...new Set(xs)]),
  projects: z.array(catalogEnum(codesOf(PLAN_PROJECTS))).max(PLAN_PROJECTS.length).transform((xs) => [...new Set(xs)]),
  tags: z.array(catalogEnum(codesOf(ACTIVITY_TAGS))).max(ACTIVITY_TAGS.length).transform((xs) => [...new Set(xs)]),
  departmentCode,
  // Only the id counts: the server reads the served addresses back from the poster store.
  poster: z
    .strictObject({ id: z.string().regex(POSTER_ID_PATTERN, { error: 'invalid_id' }), url: z.string().max(400, { error: 'too_long' }), thumbUrl: z.string().max(400, { error: 'too_long' }) })
    .nullable()
    .default(null),
})

/** A stored form also keeps the wish it answers (set by the server, never by a request's form). */
const storedActivityInput = activityInput.extend({ wishId: id<string>().optional() })

/** A stored form read back (a draft's `input`), checked like a request; null when it does not decode. */
export function decodeActivityInput(raw: unknown): ActivityInput | null {
  const r = storedActivityInput.safeParse(raw)
  return r.success ? (r.data as ActivityInput) : null
}

export const schemas = {
  session: {
    whoami: z.strictObject({}),
  },
  catalog: {
    get: z.strictObject({}),
    saveArea: z.strictObject({
      id: id<AreaId>().optional(),
      name: text(AREA_NAME_MAX),
      kind: z.enum(['town', 'street']),
      sort: z.number().int().min(0).max(999).optional(),
    }),
  },
  activities: {
    list: z.strictObject({
      filter: z
        .strictObject({
          targetGroup: targetGroup.optional(),
          type: activityType.optional(),
          areaId: id<AreaId>().optional(),
          date: z.enum(['week', 'month', 'all']).optional(),
          text: z.string().trim().max(SEARCH_MAX, { error: 'too_long' }).optional(),
        })
        .optional(),
      offset: z.number().int().min(0).max(100_000).optional(),
      limit: z.number().int().min(1).max(50).optional(),
    }),
    get: z.strictObject({ id: id<ActivityId>() }),
    /** Organizers (their unit) and admins (any): a new draft, or — admins only — published at once. */
    create: z.strictObject({
      input: activityInput,
      publish: z.boolean().optional(),
      /** 重复: the same activity every week or every other week, as separate activities (the rules check the numbers). */
      repeat: z.strictObject({ count: z.number().int(), intervalDays: z.number().int() }).optional(),
      /** 据此创建活动: the 点单 wish it answers; shown there as 已安排 once the activity is published. */
      wishId: id<string>().optional(),
    }),
    /** A draft's form, or a published activity's (its sign-ups are told of a new time or place). */
    update: z.strictObject({ id: id<ActivityId>(), input: activityInput }),
    /** 提交审核. */
    submit: z.strictObject({ id: id<ActivityId>() }),
    /** 区科协: approve a submitted draft, or return it with a reason. */
    review: z.strictObject({ id: id<ActivityId>(), approve: z.boolean(), reason: z.string().max(REVIEW_REASON_MAX * 2, { error: 'too_long' }).optional() }),
    /** 取消活动 with a reason: every registration is cancelled and told. */
    cancel: z.strictObject({ id: id<ActivityId>(), reason: z.string().max(CANCEL_REASON_MAX * 2, { error: 'too_long' }) }),
    /** The organizer's home: a unit's drafts and activities with live counts; admins may ask for the review queue. */
    organized: z.strictObject({ departmentCode: departmentCode.optional(), state: z.enum(['pending']).optional() }),
    /** What a share poster shows: the activity, the page it opens and, in WeChat, its mini-program code. */
    sharePoster: z.strictObject({ id: id<ActivityId>() }),
    /** One draft's or activity's form, to edit it or to copy it into a new draft. */
    editing: z.strictObject({ id: id<ActivityId>() }),
  },
  persons: {
    list: z.strictObject({}),
    create: z.strictObject({
      ...personFields,
      isSelf: z.boolean().optional(),
      /** For another adult: the caller declares that person agreed to be managed by them (recorded). */
      proxyConsent: z.boolean().optional(),
    }),
    update: z.strictObject({ id: id<PersonId>(), ...personFields }),
    remove: z.strictObject({ id: id<PersonId>() }),
  },
  checkin: {
    /** Tickets of every confirmed upcoming registration of the persons I manage, plus their cards. */
    myTickets: z.strictObject({}),
    /** Issue (or show) the printed card of a person I manage. */
    issueCard: z.strictObject({ personId: id<PersonId>() }),
    /** Revoke a person's card; a new one can be issued afterwards. */
    revokeCard: z.strictObject({ personId: id<PersonId>() }),
    /** Activities whose console I may open. */
    myConsoles: z.strictObject({}),
    /** Live counts and the roster of one activity. */
    console: z.strictObject({ activityId: id<ActivityId>() }),
    /** The activity's sign-up roster with attendance, as a file (organizers of its unit and admins). */
    exportRoster: z.strictObject({ activityId: id<ActivityId>(), format: z.enum(['xlsx', 'csv']) }),
    /** What an offline console needs for one activity: roster and verification material, scoped and expiring. */
    bundle: z.strictObject({ activityId: id<ActivityId>(), deviceId: deviceId() }),
    /** Check in (or out) by a scanned ticket or card. */
    scan: z.strictObject({ activityId: id<ActivityId>(), code: z.string().max(400, { error: 'too_long' }), ...attemptFields }),
    /** Tick the roster by hand, with a reason. */
    tick: z.strictObject({ activityId: id<ActivityId>(), registrationId: id<RegistrationId>(), reason: text(REASON_MAX), ...attemptFields }),
    /** Sign up and check in someone who arrives without a registration, while seats remain. */
    walkIn: z.strictObject({
      activityId: id<ActivityId>(),
      name: personName(),
      targetGroup,
      areaId: id<AreaId>(),
      birthYear: z.number().int().min(1900).optional(),
      /** Optional: lets duplicates be found by more than the name (masked for all but the unit's organizers and admins). */
      phone: optionalPhone(),
      /** The guardian on the spot agreed (needed under 14: persons/rules.ts checkWalkInPerson). */
      guardianConsent: z.boolean().optional(),
      ...attemptFields,
    }),
    /** Check-ins queued offline, replayed in order; each item gets its own result. */
    sync: z.strictObject({
      activityId: id<ActivityId>(),
      deviceId: deviceId(),
      items: z
        .array(
          z.strictObject({
            nonce: nonce(),
            at: instant(),
            kind: z.enum(['in', 'out']).optional(),
            code: z.string().max(400, { error: 'too_long' }).optional(),
            registrationId: id<RegistrationId>().optional(),
            reason: z.string().trim().max(REASON_MAX, { error: 'too_long' }).optional(),
          }),
        )
        .min(1)
        .max(SYNC_BATCH_MAX),
    }),
    /** The rotating activity code attendees scan to check themselves in. */
    activityCode: z.strictObject({ activityId: id<ActivityId>() }),
    /** An attendee checks in persons they manage with a scanned activity code. */
    self: z.strictObject({ code: z.string().max(400, { error: 'too_long' }), personIds: z.array(id<PersonId>()).min(1).max(20) }),
    /** After the activity: mark every registration attended or no-show. */
    finalize: z.strictObject({ activityId: id<ActivityId>() }),
    /** Printable cards for everyone confirmed for an activity. */
    printCards: z.strictObject({ activityId: id<ActivityId>() }),
    /** An organizer invites a scanner volunteer for chosen activities and a time window. */
    invite: z.strictObject({ activityIds: z.array(id<ActivityId>()).min(1).max(20), validFrom: instant(), validTo: instant() }),
    /** A volunteer redeems an invite code. */
    redeem: z.strictObject({ code: z.string().trim().regex(/^[A-Z0-9]{8}$/, { error: 'invite_code' }) }),
  },
  ledger: {
    /** Indicator cards and breakdowns of a plan, for the whole district (admin) or one unit (organizer). */
    dashboard: z.strictObject({
      planId: id<string>().optional(),
      areaId: id<AreaId>().optional(),
      departmentCode: departmentCode.optional(),
      /** Which indicator the breakdowns and month chart show; defaults to all person-times. */
      indicatorId: id<string>().optional(),
    }),
    /** Admins: person records with exactly this name, or this phone number, to find duplicates. */
    findPersons: z.strictObject({ name: text(NAME_MAX) }),
    /** Admins: merge a duplicate person record into the one kept (persons/merge.ts). */
    mergePersons: z.strictObject({ personId: id<PersonId>(), intoPersonId: id<PersonId>() }),
    /** The activities (and, for admins, the persons) behind one figure. */
    drill: z.strictObject({
      indicatorId: id<string>(),
      areaId: id<AreaId>().optional(),
      departmentCode: departmentCode.optional(),
      /** Narrow to one breakdown cell, e.g. { by: 'month', key: '2026-09' }. */
      cell: z.strictObject({ by: z.enum(['month', 'targetGroup', 'department', 'area']), key: z.string().max(40, { error: 'too_long' }) }).optional(),
    }),
    saveIndicator: z.strictObject({
      id: id<string>().optional(),
      planId: id<string>(),
      name: text(INDICATOR_NAME_MAX),
      unit: text(10),
      rule: z.enum(COUNTING_RULES),
      periodKind: z.enum(['plan', 'annual']),
      target: z.number().finite().nullable(),
      countingNote: z.string().trim().max(NOTE_MAX, { error: 'too_long' }),
      filters: indicatorFilters(),
    }),
    enterFigure: z.strictObject({ indicatorId: id<string>(), value: z.number().finite().min(0), source: text(NOTE_MAX), asOf: instant() }),
    copyPlan: z.strictObject({ fromPlanId: id<string>(), name: text(INDICATOR_NAME_MAX * 2), from: instant(), to: instant() }),
    changes: z.strictObject({ indicatorId: id<string>() }),
    /** Admins, after attendance closed: mark a registration attended or not, with a reason (ledger/corrections.ts). */
    correctAttendance: z.strictObject({
      registrationId: id<RegistrationId>(),
      attended: z.boolean(),
      /** When they were there (marking attended); defaults to the start. */
      checkedInAt: instant().optional(),
      reason: text(CORRECTION_REASON_MAX_CHARS),
    }),
    /** Admins: the change log of attendance corrections, newest first, of one activity or all. */
    corrections: z.strictObject({ activityId: id<ActivityId>().optional() }),
    /** A file: the indicator table, the activity list with attendance, or the per-unit annual summary. */
    export: z.strictObject({
      kind: z.enum(['indicators', 'activities', 'departments']),
      format: z.enum(['xlsx', 'csv']),
      planId: id<string>().optional(),
      areaId: id<AreaId>().optional(),
      departmentCode: departmentCode.optional(),
      year: z.number().int().min(2000).max(2100).optional(),
    }),
  },
  account: {
    /** Whether the caller agreed to the current privacy notice. */
    privacyStatus: z.strictObject({}),
    /** Agree to the privacy notice of `version` (must be the current one). */
    agreePrivacy: z.strictObject({ version: z.string().max(20, { error: 'too_long' }) }),
    /** Everything kept about the caller's account, as a JSON or XLSX file. */
    exportData: z.strictObject({ format: z.enum(['json', 'xlsx']) }),
    /** Deletes the account and its persons; registrations stay only anonymized (the counts stay). */
    deleteAccount: z.strictObject({ confirm: z.literal(true) }),
    /** A one-time code with which a managed adult takes over their own record. */
    createLinkCode: z.strictObject({ personId: id<PersonId>() }),
    /** The parent, signed in with their own account, enters the code. */
    redeemLinkCode: z.strictObject({ code: z.string().max(20, { error: 'too_long' }).regex(/^[A-Za-z0-9\s-]{1,20}$/, { error: 'link_code' }) }),
  },
  reminders: {
    /** Template ids for the subscribe request and the caller's unused one-time subscriptions. */
    info: z.strictObject({}),
    /** Records which one-time subscribe messages the caller accepted (one credit each). */
    subscribe: z.strictObject({ accepted: z.array(z.enum(REMINDER_KINDS as unknown as [ReminderKind, ...ReminderKind[]])).max(SUBSCRIBE_KINDS_MAX) }),
    /** The outbox: every reminder with its status (admins). */
    outbox: z.strictObject({ limit: z.number().int().min(1).max(500).optional() }),
    /** Runs the scheduler once now (admins; the timer does this every few minutes). */
    run: z.strictObject({}),
  },
  registrations: {
    signUp: z.strictObject({ activityId: id<ActivityId>(), personId: id<PersonId>() }),
    cancel: z.strictObject({ registrationId: id<RegistrationId>() }),
    listMine: z.strictObject({}),
  },
  courses: {
    /** An organizer creates a course of n lessons (each becomes an activity) with the rule "attend k of n". */
    create: z.strictObject({
      title: text(COURSE_TITLE_MAX),
      description: z.string().trim().max(COURSE_DESCRIPTION_MAX, { error: 'too_long' }).optional(),
      place: text(PLACE_MAX),
      areaId: id<AreaId>(),
      type: activityType,
      targetGroups: z.array(targetGroup).min(1).max(6),
      capacity: z.number().int().min(1).max(1000),
      // Wide bounds on purpose: k > n, k < 1 and bad hours get COURSE.* codes from the domain.
      requiredLessons: z.number().int().min(-1000).max(1000),
      hoursPerLesson: z.number().finite().min(-100).max(100),
      lessons: z.array(z.strictObject({ title: text(LESSON_TITLE_MAX), startAt: instant(), endAt: instant() })).max(40),
      signupOpensAt: instant().optional(),
      signupClosesAt: instant().optional(),
      /** Admins choose the unit; an organizer's course always belongs to their own. */
      departmentCode: departmentCode.optional(),
    }),
    /** A make-up (补课) for lesson `lesson`: attending it counts for that lesson. */
    addMakeUp: z.strictObject({
      courseId: id<CourseId>(),
      lesson: z.number().int().min(-1000).max(1000),
      startAt: instant(),
      endAt: instant(),
      place: text(PLACE_MAX).optional(),
      capacity: z.number().int().min(1).max(1000).optional(),
    }),
    get: z.strictObject({ id: id<CourseId>() }),
    /** One sign-up for every lesson, for a person the caller manages. */
    signUp: z.strictObject({ courseId: id<CourseId>(), personId: id<PersonId>() }),
    /** 我的课程: courses of the persons I manage, with progress. */
    mine: z.strictObject({}),
    /** Courses of my unit (organizers) or all units (admins). */
    organized: z.strictObject({}),
    /** A course's roster with everyone's progress. */
    manage: z.strictObject({ id: id<CourseId>() }),
    /** The 结业证书 of a person I manage, as facts and as an SVG file. */
    certificate: z.strictObject({ courseId: id<CourseId>(), personId: id<PersonId>() }),
    /** Anyone checks a certificate by its verification code. */
    verify: z.strictObject({ code: z.string().max(200, { error: 'too_long' }) }),
  },
} as const

export type Schemas = typeof schemas
export type FunctionName = keyof Schemas
export type ActionName<F extends FunctionName> = keyof Schemas[F] & string
export type Input<F extends FunctionName, A extends ActionName<F>> = Schemas[F][A] extends z.ZodType
  ? z.output<Schemas[F][A]>
  : never

/** Parses untrusted input; the first problem becomes a typed failure naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(data ?? {})
  if (parsed.success) return { ok: true, value: parsed.data }
  const issue = parsed.error.issues[0]
  const field = issue.path.map(String).join('.') || undefined
  if (issue.message === 'too_long') return fail('INPUT.TOO_LONG', field)
  if (issue.message === 'invalid_id') return fail('INPUT.INVALID_ID', field)
  if (issue.message === 'phone') return fail('INPUT.INVALID', field, PHONE_INVALID_MESSAGE)
  if (issue.message === 'person_name') return fail('INPUT.INVALID', field, PERSON_NAME_INVALID_MESSAGE)
  if (issue.message === 'required') return fail('INPUT.INVALID', field, '请填写必填项')
  if (issue.message === 'instant') return fail('INPUT.INVALID', field, '时间格式不正确')
  if (issue.message === 'invite_code') return fail('INVITE.INVALID', field)
  if (issue.message === 'link_code') return fail('LINK.CODE_INVALID', field)
  if (issue.message === 'upload_too_large') return fail('UPLOAD.TOO_LARGE', field)
  if (issue.message === 'upload_type') return fail('UPLOAD.TYPE', field)
  if (issue.message === 'upload_empty') return fail('UPLOAD.EMPTY', field)
  if (issue.message === 'rating') return fail('FEEDBACK.RATING', field)
  if (issue.message === 'wish_title') return fail('WISH.TITLE', field)
  if (issue.message === 'wish_detail') return fail('WISH.DETAIL', field)
  if (issue.message === 'wish_target_group') return fail('WISH.TARGET_GROUP', field)
  if (issue.message === 'feedback_comment') return fail('FEEDBACK.COMMENT', field)
  return fail('INPUT.INVALID', field)
}

// ---- Views returned to clients ----

export interface ActivityView {
  readonly id: ActivityId
  readonly title: string
  readonly type: Activity['type']
  readonly description: string
  readonly startAt: string
  readonly endAt: string
  readonly place: string
  readonly areaId: AreaId
  readonly areaName: string
  readonly departmentCode: Activity['departmentCode']
  readonly targetGroups: Activity['targetGroups']
  readonly actions: Activity['actions']
  readonly projects: Activity['projects']
  readonly capacity: number
  readonly seatsLeft: number
  readonly waitlistLimit: number
  readonly waitlistCount: number
  readonly signupOpensAt: string
  readonly signupClosesAt: string
  readonly signupWindow: SignupWindowState
  readonly availability: Availability
  readonly status: Activity['status']
  readonly ended: boolean
  /** The 系列课程 this activity is a lesson of, when it is one. */
  readonly courseId?: CourseId
  readonly address: string
  /** The venue (GCJ-02), for 查看地图; null when not given. */
  readonly location: { readonly latitude: number; readonly longitude: number } | null
  /** The last change of time or place, as told to everyone signed up. */
  readonly changeNotice: { readonly at: string; readonly text: string } | null
  /** Why it was cancelled (已取消). */
  readonly cancelReason: string | null
  readonly minAge: number | null
  readonly maxAge: number | null
  readonly tags: readonly string[]
  /** The poster, served resized (750 px for the page, 375 px for lists); null when none. */
  readonly poster: { readonly url: string; readonly thumbUrl: string } | null
}

export interface PersonView {
  readonly id: PersonId
  readonly isSelf: boolean
  readonly name: string
  readonly birthYear: number
  readonly targetGroup: Person['targetGroup']
  readonly areaId: AreaId
  readonly phone: string | null
  readonly guardianConsentAt: string | null
  /** When the managing account declared this adult agreed to be managed (代管同意); absent when not recorded. */
  readonly proxyConsentAt?: string | null
}

export interface RegistrationView {
  readonly id: RegistrationId
  readonly activityId: ActivityId
  readonly personId: PersonId
  readonly personName: string
  readonly status: Registration['status']
  /** 1-based place in the waitlist, when waitlisted. */
  readonly waitlistPosition: number | null
  readonly createdAt: string
  readonly cancelledAt: string | null
  readonly promotedAt: string | null
  /** The managing account may still cancel (not cancelled, activity not started). */
  readonly cancellable: boolean
}

export interface MyRegistrationView extends RegistrationView {
  readonly activity: ActivityView
  /** 评单 of an attended registration: its rating so far and whether it can be rated (or changed) now; null when not attended. */
  readonly feedback: { readonly rating: number | null; readonly canRate: boolean } | null
}

export interface SessionView {
  readonly user: { id: UserId; role: string; displayName: string; departmentCode?: string } | null
}

export interface TicketView {
  readonly registrationId: RegistrationId
  readonly personId: PersonId
  readonly personName: string
  readonly activity: ActivityView
  /** The code for the current slot; refresh before `refreshAt`. */
  readonly code: string
  readonly refreshAt: string
  readonly checkedInAt: string | null
}

export interface CardView {
  readonly personId: PersonId
  readonly personName: string
  readonly version: number
  readonly code: string
}

export interface RosterEntry {
  readonly registrationId: RegistrationId
  readonly personId: PersonId
  readonly name: string
  readonly targetGroup: Person['targetGroup']
  readonly areaName: string
  readonly phoneLast4: string | null
  /** In full for admins, and for the unit's organizers where they took it down (a walk-in); masked otherwise. */
  readonly phone: string | null
  readonly status: Registration['status']
  readonly walkIn: boolean
  readonly attendance: Registration['attendance']
  readonly checkedInAt: string | null
  readonly checkedOutAt: string | null
  readonly checkedInBy: string | null
  readonly method: string | null
}

export interface ConsoleView {
  readonly activity: ActivityView
  readonly counts: { registered: number; checkedIn: number; waitlisted: number; absent: number }
  readonly roster: RosterEntry[]
  readonly checkoutEnabled: boolean
  readonly walkInsAllowed: boolean
  readonly attendanceClosedAt: string | null
  /** Share of confirmed registrations that did not come, once attendance is finalised. */
  readonly noShowRate: number | null
  /** Duplicate scans resolved to the earliest check-in, for the report. */
  readonly conflicts: { name: string; keptAt: string; otherAt: string; otherDevice: string }[]
  /** Organizers may invite scanners, finalise and print cards; scanners only check in. */
  readonly canManage: boolean
  /** Attendance is closed (finalised, or long past): no more check-ins, only an admin's correction. */
  readonly attendanceClosed: boolean
  /** The caller (an admin) may correct attendance here, because it is closed. */
  readonly canCorrect: boolean
}

export interface ScanResultView {
  /** 'ok' 签到成功, 'already' 已签到; failures come back as errors with CHECKIN.* codes. */
  readonly verdict: 'ok' | 'already'
  readonly headline: string
  readonly name: string
  readonly targetGroup: Person['targetGroup']
  readonly kind: 'in' | 'out'
  readonly at: string
  readonly operatorName: string
  readonly conflict: boolean
  /** The roster entry's check-in fields after this attempt, so the 签到台 updates its list without reloading it. */
  readonly entry: RosterCheckIn
}

/** The fields of a RosterEntry a check-in or check-out changes. */
export type RosterCheckIn = Pick<RosterEntry, 'registrationId' | 'attendance' | 'checkedInAt' | 'checkedOutAt' | 'checkedInBy' | 'method'>

export interface SyncItemResult {
  readonly nonce: string
  readonly ok: boolean
  readonly verdict?: 'ok' | 'already'
  readonly code?: string
  readonly message?: string
  readonly name?: string
}

export interface OfflineBundle {
  readonly activityId: ActivityId
  readonly activity: ActivityView
  /** The activity's derived key (base64url) — only for this activity, and only until `expiresAt`. */
  readonly activityKey: string
  readonly issuedAt: string
  readonly expiresAt: string
  readonly checkoutEnabled: boolean
  readonly roster: (RosterEntry & { cardDigest: string | null })[]
  /** Registrations cancelled since sign-up: their tickets must be refused offline too. */
  readonly revoked: RegistrationId[]
}

export interface IndicatorCardView {
  readonly id: string
  readonly name: string
  readonly unit: string
  readonly rule: CountingRule
  readonly periodKind: 'plan' | 'annual'
  /** Null for 本年度 when the current year lies outside the plan (then nothing is counted). */
  readonly period: { from: string; to: string } | null
  /** Why there is no figure for this period, in words, e.g. 本年度（2026年）不在本规划期内，不统计. */
  readonly periodNote: string | null
  /** The counted value, or the entered figure (null when nothing has been entered or counted). */
  readonly value: number | null
  readonly target: number | null
  /** value / target in percent, one decimal. */
  readonly percent: number | null
  /** on_track / behind against a linear pro-rata of the elapsed period; no_target without a target. */
  readonly status: 'on_track' | 'behind' | 'no_target'
  readonly expected: number | null
  readonly countingNote: string
  readonly entered: { value: number; source: string; asOf: string } | null
  readonly filters: Record<string, unknown>
}

export interface BreakdownRow {
  readonly key: string
  readonly label: string
  readonly value: number
}

export interface DashboardView {
  readonly plan: { id: string; name: string; period: { from: string; to: string } }
  readonly plans: { id: string; name: string }[]
  /** Whether the plan shown is the one in force today. */
  readonly inForce: boolean
  /** The plan covering today, or null when none does (then the dashboard says so). */
  readonly planInForce: { id: string; name: string } | null
  /** Admins, when no plan covers today or later: the successor to start from the plan shown. */
  readonly successor: { fromPlanId: string; name: string; from: string; to: string } | null
  /** The scope the figures are counted for (an organizer is always scoped to their unit). */
  readonly scope: { areaId: string | null; departmentCode: string | null; label: string }
  readonly cards: IndicatorCardView[]
  /** The indicator the breakdowns show. */
  readonly breakdownOf: { id: string; name: string; unit: string }
  readonly byMonth: BreakdownRow[]
  readonly byTargetGroup: BreakdownRow[]
  readonly byDepartment: BreakdownRow[]
  readonly byArea: BreakdownRow[]
  readonly canEdit: boolean
  readonly generatedAt: string
}

export interface DrillView {
  readonly indicator: { id: string; name: string; unit: string }
  readonly activities: { id: string; title: string; startAt: string; departmentCode: string; areaName: string; facts: number }[]
  /** Admins only; null for organizers. */
  readonly persons: { id: string; name: string; targetGroup: string; areaName: string; facts: number }[] | null
}

/** One entry of the change log of attendance corrections, as admins read it (修改记录). */
export interface CorrectionView {
  readonly id: string
  readonly activityId: string
  readonly activityTitle: string
  readonly activityStartAt: string | null
  readonly registrationId: string
  readonly personName: string
  /** true: marked attended; false: the attendance was removed. */
  readonly attended: boolean
  readonly checkedInAtBefore: string | null
  readonly checkedInAtAfter: string | null
  readonly reason: string
  readonly byName: string
  readonly at: string
}

export interface ExportFile {
  readonly fileName: string
  readonly contentType: string
  /** The file's bytes, base64. */
  readonly base64: string
}

export interface CatalogView {
  readonly areas: Area[]
}
