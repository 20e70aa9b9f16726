import { shanghaiInstant, shanghaiYear, toInstant, ms, type Instant } from '../../src/domain/time'
import type { ActivityId, AreaId, PersonId, UserId } from '../../src/domain/ids'
import type { TargetGroup } from '../../src/domain/catalog'
import type { Store } from '../../src/domain/ports'
import type { Activity, Person, User } from '../../src/domain/types'
import { registrationsHandlers } from '../../src/handlers/registrations'
import { decideCheckIn, finalizeAttendance, type CheckInMethod } from '../../src/domain/checkin/rules'
import { hasEnded } from '../../src/domain/activities/rules'
import { unwrap } from '../../src/domain/errors'
import { DEMO_IDENTITIES } from '../demo'
import { PRIVACY_NOTICE_VERSION, privacyConsentId, proxyConsentId } from '../../src/domain/privacy/notice'

/** Demo accounts that start with nothing: no agreement, no persons. */
const FRESH_DEMO_USERS: readonly string[] = ['demo-grandma', 'demo-newcomer']
import { GIVEN_NAMES, SEED_ACTIVITIES, SEED_AREAS, SEED_TAGS, SURNAMES, historyTemplates, seedCourses, type ActivityTemplate, type CourseTemplate, type When } from './data'
import type { Course } from '../../src/domain/courses/rules'
import type { CourseId } from '../../src/domain/ids'
import { recordAttendance } from '../../src/handlers/attendance-ledger'

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
/** Neighbours per target group available to fill seeded activities. */
const NEIGHBOURS_PER_GROUP = 120
const SIGNUP_OPENS_DAYS_BEFORE = 14

/** The instant an activity starts: the last such calendar day before `now`, or `inDays` Shanghai days ahead. */
export function resolveWhen(when: When, now: Instant): Instant {
  if (when.kind === 'started') return toInstant(ms(now) - when.minutesAgo * 60_000)
  if (when.kind === 'date') return shanghaiInstant(when.year, when.month, when.day, when.hour)
  if (when.kind === 'upcoming') {
    const local = new Date(ms(now) + 8 * HOUR_MS + when.inDays * DAY_MS)
    return shanghaiInstant(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate(), when.hour, when.minute ?? 0)
  }
  const year = shanghaiYear(now)
  const thisYear = shanghaiInstant(year, when.month, when.day, when.hour, when.minute ?? 0)
  return ms(thisYear) < ms(now) ? thisYear : shanghaiInstant(year - 1, when.month, when.day, when.hour, when.minute ?? 0)
}

export function activityFromTemplate(t: ActivityTemplate, now: Instant): Activity {
  const startAt = resolveWhen(t.when, now)
  const opens =
    t.opensInDays !== undefined
      ? ms(now) + t.opensInDays * DAY_MS
      : Math.min(ms(startAt) - SIGNUP_OPENS_DAYS_BEFORE * DAY_MS, ms(now) - DAY_MS)
  return {
    id: t.id as ActivityId,
    title: t.title,
    type: t.type,
    description: t.description,
    startAt,
    endAt: toInstant(ms(startAt) + t.durationMinutes * 60_000),
    place: t.place,
    areaId: t.areaId as AreaId,
    departmentCode: t.departmentCode,
    targetGroups: t.targetGroups,
    actions: t.actions,
    projects: t.projects,
    tags: t.tags ?? SEED_TAGS.filter(([prefix]) => t.id.startsWith(prefix)).map(([, tag]) => tag),
    capacity: t.capacity,
    waitlistLimit: t.waitlistLimit,
    signupOpensAt: toInstant(opens),
    signupClosesAt: toInstant(ms(startAt) - HOUR_MS),
    status: 'published',
    confirmedCount: 0,
    waitlistCount: 0,
    nextSeq: 1,
    checkoutEnabled: t.type === 'training',
    walkInsAllowed: t.walkInsAllowed ?? false,
    attendanceClosedAt: null,
    createdAt: toInstant(opens - DAY_MS),
    updatedAt: toInstant(opens - DAY_MS),
  }
}

/** A seeded course over its lesson activities: the first lesson's labels, unit, place and sign-up window. */
function courseFromTemplate(t: CourseTemplate, activities: Map<string, Activity>): Course {
  const lessons = t.lessonIds.map((id) => activities.get(id) ?? raiseSeed(`unknown lesson ${id}`))
  const first = lessons[0]
  return {
    id: t.id as CourseId,
    title: t.title,
    description: t.description,
    place: first.place,
    areaId: first.areaId,
    departmentCode: first.departmentCode,
    type: first.type,
    targetGroups: first.targetGroups,
    actions: first.actions,
    projects: first.projects,
    tags: first.tags,
    capacity: Math.max(...lessons.map((a) => a.capacity)),
    requiredLessons: t.requiredLessons,
    hoursPerLesson: t.hoursPerLesson,
    lessons: lessons.map((a, i) => ({ lesson: i + 1, activityId: a.id, title: t.lessonTitles[i], makeUp: false })),
    signupOpensAt: first.signupOpensAt,
    signupClosesAt: first.signupClosesAt,
    status: 'published',
    createdBy: 'demo-organizer' as UserId,
    createdAt: first.createdAt,
    updatedAt: first.createdAt,
  }
}

const raiseSeed = (why: string): never => {
  throw new Error(`seed: ${why}`)
}

interface DemoPerson {
  id: string
  owner: string
  isSelf: boolean
  name: string
  birthYear: number
  targetGroup: TargetGroup
  areaId: string
  phone: string | null
  child?: boolean
  signUps: string[]
}

/** The demo families and what they have signed up for; see README "Demo identities". */
const DEMO_PERSONS: DemoPerson[] = [
  { id: 'per-wang-xiulan', owner: 'demo-senior', isSelf: true, name: '王秀兰', birthYear: 1954, targetGroup: 'senior', areaId: 'area-huancuilou', phone: '13806311234', signUps: ['act-today-ai', 'act-zhzl-1', 'act-zhzl-2', 'act-zhzl-3', 'act-zhzl-4', 'act-zhzl-spring-1', 'act-zhzl-spring-2', 'act-zhzl-spring-3', 'act-health-week'] },
  { id: 'per-li-na', owner: 'demo-parent', isSelf: true, name: '李娜', birthYear: 1986, targetGroup: 'public', areaId: 'area-jingyuan', phone: '13963125678', signUps: ['act-kpr-main', 'act-today-ai'] },
  { id: 'per-zhao-guiying', owner: 'demo-parent', isSelf: false, name: '赵桂英', birthYear: 1951, targetGroup: 'senior', areaId: 'area-jingyuan', phone: null, signUps: ['act-zhzl-1', 'act-kpr-health', 'act-today-ai'] },
  { id: 'per-li-xiaoyu', owner: 'demo-parent', isSelf: false, name: '李小宇', birthYear: 2016, targetGroup: 'youth', areaId: 'area-jingyuan', phone: null, child: true, signUps: ['act-kjz-school', 'act-youth-family'] },
  { id: 'per-zhang-ming', owner: 'demo-teacher', isSelf: true, name: '张明', birthYear: 1990, targetGroup: 'public', areaId: 'area-huangguan', phone: '15806301122', signUps: ['act-kjfdy-1', 'act-kjfdy-2', 'act-kjfdy-3'] },
  { id: 'per-liu-jianguo', owner: 'demo-farmer', isSelf: true, name: '刘建国', birthYear: 1968, targetGroup: 'farmer', areaId: 'area-zhangcun', phone: '13706319876', signUps: ['act-gszn-1', 'act-gszn-2', 'act-kpr-farm', 'act-gszn-4'] },
]

/** True when the store holds no users yet, i.e. this is a first run. */
export const needsSeed = async (store: Store): Promise<boolean> => (await store.listUsers()).length === 0

/**
 * Fills an empty store with Huancui's areas, the demo identities and families, 47 activities across the
 * year and neighbours' sign-ups. Sign-ups go through the real sign-up handler, so counters, seats and
 * waitlists are exactly what the product itself would have produced.
 */
export async function seed(store: Store, now: Instant, random: () => number = Math.random): Promise<{ activities: number; registrations: number; checkIns: number }> {
  for (const [i, a] of SEED_AREAS.entries()) await store.putArea({ id: a.id as AreaId, name: a.name, kind: a.kind, sort: i + 1 })

  const users: User[] = DEMO_IDENTITIES.map((d) => ({
    id: d.id,
    role: d.role,
    displayName: d.displayName,
    ...(d.departmentCode ? { departmentCode: d.departmentCode } : {}),
    createdAt: now,
  }))
  for (const u of users) await store.putUser(u)
  // Everyone seeded with data agreed to the privacy notice first (as the product requires); the two
  // fresh demo accounts have not, so the notice is shown to them before anything is collected.
  const agree = (userId: UserId) =>
    store.putConsent({ id: privacyConsentId(userId), userId, kind: 'privacy_notice', version: PRIVACY_NOTICE_VERSION, subjectId: null, at: now })
  for (const u of users) if (!FRESH_DEMO_USERS.includes(u.id)) await agree(u.id)

  const templates = [...historyTemplates(), ...SEED_ACTIVITIES]
  const courses = seedCourses()
  const courseOfLesson = new Map(courses.flatMap((c) => c.lessonIds.map((id) => [id, c.id as CourseId] as const)))
  const activities = templates.map((t) => {
    const a = activityFromTemplate(t, now)
    const courseId = courseOfLesson.get(t.id)
    return courseId ? { ...a, courseId } : a
  })
  for (const a of activities) await store.putActivity(a)
  const byId = new Map(activities.map((a) => [a.id as string, a]))
  for (const c of courses) await store.putCourse(courseFromTemplate(c, byId))

  const person = (p: Omit<Person, 'createdAt' | 'updatedAt' | 'cardVersion'>): Person => ({ ...p, cardVersion: 0, createdAt: now, updatedAt: now })
  let registrations = 0
  const signUp = async (owner: User, personId: string, activityId: string) => {
    const activity = byId.get(activityId)
    if (!activity) throw new Error(`seed: unknown activity ${activityId}`)
    // Sign up while the window is open: a minute after it opened.
    const at = toInstant(ms(activity.signupOpensAt) + 60_000)
    await registrationsHandlers.signUp.run(
      { activityId: activity.id, personId: personId as PersonId },
      { user: owner, deps: { store, clock: { now: () => at }, random } },
    )
    registrations++
  }

  for (const d of DEMO_PERSONS) {
    await store.putPerson(
      person({
        id: d.id as PersonId,
        ownerId: d.owner as UserId,
        isSelf: d.isSelf,
        name: d.name,
        birthYear: d.birthYear,
        targetGroup: d.targetGroup,
        areaId: d.areaId as AreaId,
        phone: d.phone,
        guardianConsentAt: d.child ? now : null,
      }),
    )
    // 李娜 declared her mother agreed to be managed by her (代管同意).
    if (!d.isSelf && !d.child) {
      await store.putConsent({ id: proxyConsentId(d.owner as UserId, d.id), userId: d.owner as UserId, kind: 'proxy_management', version: '1', subjectId: d.id, at: now })
    }
  }
  for (const d of DEMO_PERSONS) {
    const owner = users.find((u) => u.id === d.owner)!
    for (const a of d.signUps) {
      if (byId.get(a)?.signupOpensAt && ms(byId.get(a)!.signupOpensAt) <= ms(now)) await signUp(owner, d.id, a)
    }
  }

  // Neighbours: one account each with a self person, grouped by target group.
  const neighbours = new Map<TargetGroup, { user: User; personId: string }[]>()
  const areaIds = SEED_AREAS.map((a) => a.id)
  let n = 0
  for (const group of ['youth', 'farmer', 'worker', 'senior', 'official', 'public'] as TargetGroup[]) {
    const list: { user: User; personId: string }[] = []
    for (let i = 0; i < NEIGHBOURS_PER_GROUP; i++, n++) {
      const user: User = { id: `seed-u-${n}` as UserId, role: 'resident', displayName: '居民', createdAt: now }
      await store.putUser(user)
      await agree(user.id)
      const personId = `seed-p-${n}`
      const birthYear = { youth: 2012, farmer: 1970, worker: 1985, senior: 1950, official: 1978, public: 1982 }[group] - (i % 9)
      await store.putPerson(
        person({
          id: personId as PersonId,
          ownerId: user.id,
          isSelf: true,
          name: SURNAMES[n % SURNAMES.length] + GIVEN_NAMES[Math.floor(n / SURNAMES.length) % GIVEN_NAMES.length],
          birthYear,
          targetGroup: group,
          areaId: areaIds[n % areaIds.length] as AreaId,
          phone: null,
          // Neighbours' children were signed up by a guardian who consented.
          guardianConsentAt: group === 'youth' ? now : null,
        }),
      )
      list.push({ user, personId })
    }
    neighbours.set(group, list)
  }

  for (const t of templates) {
    const activity = byId.get(t.id)!
    if (ms(activity.signupOpensAt) > ms(now)) continue
    const pool = neighbours.get(t.targetGroups[0])!
    const already = DEMO_PERSONS.filter((d) => d.signUps.includes(t.id)).length
    const wanted = Math.min(t.seededSignUps - already, t.capacity + t.waitlistLimit - already, pool.length)
    // History rotates through the pool so the same neighbours come back in later years.
    const offset = t.when.kind === 'date' ? (t.when.year * 17) % pool.length : 0
    for (let i = 0; i < wanted; i++) {
      const n = pool[(i + offset) % pool.length]
      await signUp(n.user, n.personId, t.id)
    }
  }
  const checkIns = await seedAttendance(store, activities, now)
  return { activities: activities.length, registrations, checkIns }
}

/** Every seventh neighbour stays away; the rest were scanned in at the door, in arrival order. */
const stayedAway = (i: number) => i % 7 === 3
const SEED_METHODS: CheckInMethod[] = ['ticket', 'ticket', 'ticket', 'card', 'roster']

/**
 * Past activities get their attendance (check-ins by the 区科协 organizer, then finalised, as the
 * console would leave them); the one under way gets its first arrivals. Goes through the domain's
 * check-in decision, so records look exactly like real ones.
 */
async function seedAttendance(store: Store, activities: Activity[], now: Instant): Promise<number> {
  let count = 0
  for (const activity of activities) {
    const ended = hasEnded(activity, now)
    const underWay = !ended && ms(activity.startAt) <= ms(now)
    if (!ended && !underWay) continue
    const regs = await store.listRegistrationsByActivity(activity.id, 'confirmed')
    const arriving = regs.filter((_, i) => (ended ? !stayedAway(i) : i % 3 === 0 && !DEMO_PERSONS.some((d) => d.id === regs[i].personId)))
    for (const [i, r] of arriving.entries()) {
      const at = toInstant(Math.min(ms(activity.startAt) - 15 * 60_000 + i * 20_000, ms(now)))
      const attempt = { kind: 'in' as const, method: SEED_METHODS[i % SEED_METHODS.length], at, nonce: `seed-${r.id}`.slice(0, 64), operatorId: 'demo-organizer' as UserId, deviceId: 'seed-console', reason: SEED_METHODS[i % SEED_METHODS.length] === 'roster' ? '忘带手机' : null }
      await store.transaction(async (tx) => {
        const d = unwrap(decideCheckIn({ activity, registration: await tx.getRegistration(r.id), existing: null, attempt, now: at }))
        await tx.putCheckIn(d.checkIn)
        await tx.putRegistration(d.registration)
        const person = await tx.getPerson(r.personId)
        if (person) await recordAttendance(tx, activity, person, r.id, at)
      })
      count++
    }
    if (ended) {
      const { updated } = finalizeAttendance(await store.listRegistrationsByActivity(activity.id, 'confirmed'), activity.endAt)
      await store.transaction(async (tx) => {
        for (const r of updated) await tx.putRegistration(r)
        await tx.putActivity({ ...((await tx.getActivity(activity.id)) ?? activity), attendanceClosedAt: activity.endAt })
      })
    }
  }
  return count
}
