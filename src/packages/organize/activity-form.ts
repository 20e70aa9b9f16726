// The organizer's activity form as the page holds it (text fields, Shanghai wall-clock times) and its
// way to and from the domain's ActivityInput. Pure, so it is tested directly; the rules themselves are
// the domain's activityInputProblems.

import { seriesInputs, type SeriesRepeat } from '../../domain/activities/editing'
import type { PosterRef } from '../../domain/uploads/rules'
import type { ActivityTag, ActivityType, DepartmentCode, PlanAction, PlanProject, TargetGroup } from '../../domain/catalog'
import { activityInputProblems, type ActivityInput } from '../../domain/activities/editing'
import type { AreaId } from '../../domain/ids'
import { fromShanghaiParts, ms, shanghaiParts, toInstant, type Instant } from '../../domain/time'

export interface FormState {
  title: string
  type: ActivityType
  description: string
  /** 'YYYY-MM-DDTHH:mm', Shanghai. */
  start: string
  end: string
  signupOpens: string
  signupCloses: string
  place: string
  address: string
  areaId: string
  latitude: string
  longitude: string
  capacity: string
  waitlistLimit: string
  targetGroups: TargetGroup[]
  minAge: string
  maxAge: string
  walkInsAllowed: boolean
  checkoutEnabled: boolean
  actions: PlanAction[]
  projects: PlanProject[]
  tags: ActivityTag[]
  departmentCode: DepartmentCode
  /** The uploaded poster; null when none. */
  poster: PosterRef | null
}

const HOUR_MS = 3_600_000
const wall = (at: Instant): string => {
  const p = shanghaiParts(at)
  return `${p.date}T${p.time}`
}
const instantOf = (value: string): Instant | null => {
  const [date, time = ''] = value.split('T')
  return fromShanghaiParts(date, time)
}

/** A new form: next week 09:30–11:30, sign-up open from now until an hour before. */
export function emptyForm(departmentCode: DepartmentCode, now: Instant): FormState {
  const day = shanghaiParts(toInstant(ms(now) + 7 * 24 * HOUR_MS)).date
  return {
    title: '',
    type: 'lecture',
    description: '',
    start: `${day}T09:30`,
    end: `${day}T11:30`,
    signupOpens: wall(now),
    signupCloses: `${day}T08:30`,
    place: '',
    address: '',
    areaId: '',
    latitude: '',
    longitude: '',
    capacity: '50',
    waitlistLimit: '10',
    targetGroups: ['public'],
    minAge: '',
    maxAge: '',
    walkInsAllowed: true,
    checkoutEnabled: false,
    actions: [],
    projects: [],
    tags: [],
    departmentCode,
    poster: null,
  }
}

/** The form of a stored draft or activity. */
export function formOf(i: ActivityInput): FormState {
  return {
    title: i.title,
    type: i.type,
    description: i.description,
    start: wall(i.startAt),
    end: wall(i.endAt),
    signupOpens: wall(i.signupOpensAt),
    signupCloses: wall(i.signupClosesAt),
    place: i.place,
    address: i.address,
    areaId: i.areaId,
    latitude: i.location ? String(i.location.latitude) : '',
    longitude: i.location ? String(i.location.longitude) : '',
    capacity: String(i.capacity),
    waitlistLimit: String(i.waitlistLimit),
    targetGroups: [...i.targetGroups],
    minAge: i.minAge === null ? '' : String(i.minAge),
    maxAge: i.maxAge === null ? '' : String(i.maxAge),
    walkInsAllowed: i.walkInsAllowed,
    checkoutEnabled: i.checkoutEnabled,
    actions: [...i.actions],
    projects: [...i.projects],
    tags: [...i.tags],
    departmentCode: i.departmentCode,
    poster: i.poster,
  }
}

/**
 * A copy of an earlier activity as a new form: the same everything, on the same weekday and clock the
 * next week after today, so a copy is ready to submit.
 */
export function copiedForm(i: ActivityInput, now: Instant): FormState {
  const weekMs = 7 * 24 * HOUR_MS
  let shift = 0
  while (ms(i.startAt) + shift <= ms(now) + 24 * HOUR_MS) shift += weekMs
  const moved = (at: Instant) => toInstant(ms(at) + shift)
  return {
    ...formOf({ ...i, startAt: moved(i.startAt), endAt: moved(i.endAt), signupClosesAt: moved(i.signupClosesAt) }),
    signupOpens: wall(now),
  }
}

const numberOrNaN = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text))
const ageOf = (text: string): number | null => (text.trim() === '' ? null : Number(text))

/** The form as an ActivityInput (times that do not parse become an invalid instant the rules report). */
export function inputOfForm(f: FormState): ActivityInput {
  const when = (v: string) => instantOf(v) ?? 'invalid'
  const hasPoint = f.latitude.trim() !== '' || f.longitude.trim() !== ''
  return {
    title: f.title.trim(),
    type: f.type,
    description: f.description.trim(),
    startAt: when(f.start),
    endAt: when(f.end),
    place: f.place.trim(),
    address: f.address.trim(),
    areaId: f.areaId as AreaId,
    location: hasPoint ? { latitude: numberOrNaN(f.latitude), longitude: numberOrNaN(f.longitude) } : null,
    capacity: numberOrNaN(f.capacity),
    waitlistLimit: numberOrNaN(f.waitlistLimit),
    signupOpensAt: when(f.signupOpens),
    signupClosesAt: when(f.signupCloses),
    targetGroups: f.targetGroups,
    minAge: ageOf(f.minAge),
    maxAge: ageOf(f.maxAge),
    walkInsAllowed: f.walkInsAllowed,
    checkoutEnabled: f.checkoutEnabled,
    actions: f.actions,
    projects: f.projects,
    tags: f.tags,
    departmentCode: f.departmentCode,
    poster: f.poster,
  }
}

/** Each field's problem, by field name, as the page shows it next to the field; empty when the form will do. */
export function formProblems(f: FormState, ctx: { now: Instant; areaIds: readonly string[]; confirmedCount?: number; keepsStart?: boolean }): Record<string, string> {
  const out: Record<string, string> = {}
  const input = inputOfForm(f)
  for (const p of activityInputProblems(input, ctx)) if (p.field && !out[p.field]) out[p.field] = p.message
  // Nothing chosen yet is a different mistake from a town that no longer exists.
  if (!f.areaId) out.areaId = '请选择镇街'
  if (input.location && !(Number.isFinite(input.location.latitude) && Number.isFinite(input.location.longitude))) out.location = '请同时填写纬度和经度（数字），或都不填'
  return out
}

/** Toggles a code in a multiple choice. */
export const toggle = <T>(list: readonly T[], item: T): T[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item])


/** 重复 on the form: not repeated, every week or every other week, and how many dates in all. */
export interface RepeatChoice {
  every: '' | '7' | '14'
  count: string
}

export const NO_REPEAT: RepeatChoice = { every: '', count: '6' }

/** The series the form would create: the request's `repeat`, and each date's start; null when not repeated. */
export function seriesOfForm(f: FormState, r: RepeatChoice): { repeat: SeriesRepeat; starts: Instant[] } | null {
  if (!r.every) return null
  const repeat: SeriesRepeat = { count: Number(r.count), intervalDays: Number(r.every) as SeriesRepeat['intervalDays'] }
  const dates = seriesInputs(inputOfForm(f), repeat)
  return { repeat, starts: dates.ok ? dates.value.map((d) => d.startAt) : [] }
}
