// Request schemas for every action, and the views (DTOs) returned to clients.
// Validation happens at the edge (dispatch); handlers then trust the types.

import { z } from 'zod'
import { ACTIVITY_TYPES, TARGET_GROUPS, codesOf } from './catalog'
import { fail, type Result } from './errors'
import { ID_PATTERN, type ActivityId, type AreaId, type PersonId, type RegistrationId, type UserId } from './ids'
import type { Availability, SignupWindowState } from './activities/rules'
import type { Activity, Area, Person, Registration } from './types'

/** Longest free text accepted anywhere (names, search). */
export const NAME_MAX = 20
export const SEARCH_MAX = 40
export const AREA_NAME_MAX = 20

const id = <T extends string>() =>
  z
    .string({ error: 'invalid_id' })
    .regex(ID_PATTERN, { error: 'invalid_id' })
    .transform((s) => s as T)

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

const PHONE = /^1\d{10}$/
const personFields = {
  name: text(NAME_MAX),
  birthYear: z.number().int().min(1900),
  targetGroup,
  areaId: id<AreaId>(),
  phone: z
    .union([z.literal(''), z.string().regex(PHONE, { error: 'phone' })])
    .nullish()
    .transform((p) => (p ? p : null)),
  guardianConsent: z.boolean().optional(),
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
  },
  persons: {
    list: z.strictObject({}),
    create: z.strictObject({ ...personFields, isSelf: z.boolean().optional() }),
    update: z.strictObject({ id: id<PersonId>(), ...personFields }),
    remove: z.strictObject({ id: id<PersonId>() }),
  },
  registrations: {
    signUp: z.strictObject({ activityId: id<ActivityId>(), personId: id<PersonId>() }),
    cancel: z.strictObject({ registrationId: id<RegistrationId>() }),
    listMine: z.strictObject({}),
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
  if (issue.message === 'phone') return fail('INPUT.INVALID', field, '手机号应为11位数字')
  if (issue.message === 'required') return fail('INPUT.INVALID', field, '请填写必填项')
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
}

export interface SessionView {
  readonly user: { id: UserId; role: string; displayName: string; departmentCode?: string } | null
}

export interface CatalogView {
  readonly areas: Area[]
}
