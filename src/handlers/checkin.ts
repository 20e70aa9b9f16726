import {
  schemas,
  type CardView,
  type ConsoleView,
  type ExportFile,
  type OfflineBundle,
  type RosterEntry,
  type ScanResultView,
  type SyncItemResult,
  type TicketView,
} from '../domain/contracts'
import { hasEnded } from '../domain/activities/rules'
import {
  activityCode,
  activityScene,
  base64url,
  cardCode,
  cardDigest,
  cardMacValid,
  deriveActivityKey,
  parseCode,
  slotAt,
  slotEndsAt,
  ticketCode,
  type ParsedCode,
} from '../domain/checkin/codes'
import {
  attendanceClosed,
  attendanceSummary,
  canFinalize,
  checkInIdFor,
  consoleCounts,
  creatorStillOrganizes,
  decideCheckIn,
  decideRedeemInvite,
  decideWalkIn,
  closeAttendance,
  finalizeAttendance,
  mayCheckIn,
  offlineBundleExpiresAt,
  organizesActivity,
  resolveActivityCode,
  resolveScan,
  type CheckIn,
  checkInHeadline,
  type CheckInAttempt,
  type CheckInDecision,
  type CheckInKind,
  type CheckInMethod,
  type ScannerInvite,
} from '../domain/checkin/rules'
import { DEPARTMENTS, TARGET_GROUPS, nameOf } from '../domain/catalog'
import { exportFileName, tableFile, type Table } from './export-table'
import { shanghaiParts } from '../domain/time'
import { AppError, raise, unwrap } from '../domain/errors'
import { newId, registrationIdFor, type ActivityId, type PersonId, type RegistrationId, type UserId } from '../domain/ids'
import { BIRTH_YEAR_NOT_GIVEN, checkManages, checkWalkInPerson, newPerson, rosterPhone } from '../domain/persons/rules'
import type { Deps, Store, TxStore } from '../domain/ports'
import { ms, toInstant, type Instant } from '../domain/time'
import type { Activity, Person, Registration, User } from '../domain/types'
import { activityViews, areaNames } from './views'
import { recordAttendance } from './attendance-ledger'
import { DELETED_PERSON_NAME } from './views'
import { action, userOf, type Ctx } from './table'

/** An invite may cover at most this window. */
export const INVITE_WINDOW_MAX_DAYS = 30
/** Organizer consoles list their unit's activities from this long ago to this far ahead. */
const CONSOLE_PAST_DAYS = 30
const CONSOLE_AHEAD_DAYS = 60
const DAY_MS = 86_400_000
/** Finalising writes registrations in transactions of this many (CloudBase keeps transactions small). */
const FINALIZE_BATCH = 20
const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
/** The attendee's check-in page, opened by the activity code (H5 link or weapp mini-program code). */
const CHECKIN_PAGE = 'pages/checkin/index'

/** The server's signing key (check-in codes, certificates); never sent to a client. */
export function masterKey(deps: Deps): Uint8Array {
  if (!deps.signingKey) throw new Error('signing key not configured (KEPU_SIGNING_KEY)')
  return deps.signingKey
}
const activityKeyOf = (deps: Deps) => (id: ActivityId) => deriveActivityKey(masterKey(deps), id)

async function loadActivity(store: Store, id: ActivityId): Promise<Activity> {
  const activity = await store.getActivity(id)
  return activity ?? raise('ACTIVITY.NOT_FOUND', 'activityId')
}

/** The activity, if the caller may check people in there (its unit's organizers, admins, invited scanners). */
async function requireOperator(ctx: Ctx, activityId: ActivityId): Promise<{ user: User; activity: Activity }> {
  const user = userOf(ctx)
  const activity = await loadActivity(ctx.deps.store, activityId)
  const grants = organizesActivity(user, activity) ? [] : await ctx.deps.store.listGrantsByUser(user.id)
  const creators = await usersByIds(ctx.deps.store, grants.map((g) => g.createdBy))
  if (!mayCheckIn(user, activity, grants, ctx.deps.clock.now(), creators)) raise('AUTH.FORBIDDEN')
  return { user, activity }
}

/** The accounts with these ids, each read once (the creators of scanner grants and invites, as they are now). */
async function usersByIds(store: Store, ids: readonly UserId[]): Promise<User[]> {
  const users = await Promise.all([...new Set(ids)].map((id) => store.getUser(id)))
  return users.filter((u): u is User => u !== null)
}

/** The activity, if the caller organizes it (scanners may not). */
async function requireOrganizer(ctx: Ctx, activityId: ActivityId): Promise<{ user: User; activity: Activity }> {
  const user = userOf(ctx)
  const activity = await loadActivity(ctx.deps.store, activityId)
  if (!organizesActivity(user, activity)) raise('AUTH.FORBIDDEN')
  return { user, activity }
}

/** Seating someone on the spot before their check-in (现场报名): an organizer's walk-in or a self walk-in. */
interface Seating {
  readonly personId: PersonId
  readonly ownerId: UserId
  readonly byOrganizer: boolean
  /** A person created at the desk, written in the same transaction (nothing of theirs exists yet). */
  readonly newPerson: Person | null
}

/**
 * The one check-in write sequence (scan, tick, sync, self check-in, walk-in): in one transaction it
 * re-reads the activity, the registration and any earlier check-in, seats a walk-in when `seating`
 * allows it, decides, and writes the check-in, the registration and the ledger fact together.
 */
async function recordCheckIn(store: Store, activityId: ActivityId, registrationId: RegistrationId, attempt: CheckInAttempt, now: Instant, seating: Seating | null = null): Promise<Recorded> {
  return store.transaction(async (tx): Promise<Recorded> => {
    // Only seating someone changes the activity; other check-ins of it may run alongside this one.
    let activity = (await (seating ? tx.getActivity(activityId) : tx.readActivity(activityId))) ?? raise('ACTIVITY.NOT_FOUND', 'activityId')
    const fresh = seating?.newPerson ?? null
    let registration = fresh ? null : await tx.getRegistration(registrationId)
    // A transaction may not read back its own writes, so a new person's check-in is not looked up.
    const existing = fresh ? null : await tx.getCheckIn(checkInIdFor(registrationId, attempt.kind))
    let seated = false
    if (seating && registration?.status !== 'confirmed' && (seating.byOrganizer || activity.walkInsAllowed)) {
      const t = unwrap(decideWalkIn({ activity, personId: seating.personId, ownerId: seating.ownerId, actorId: attempt.operatorId, byOrganizer: seating.byOrganizer, existing: registration, now }))
      if (fresh) await tx.putPerson(fresh)
      await tx.putActivity(t.activity)
      ;[activity, registration, seated] = [t.activity, t.registration, true]
    }
    const d = unwrap(decideCheckIn({ activity, registration, existing, attempt, now }))
    if (!d.unchanged) await tx.putCheckIn(d.checkIn)
    if (!d.unchanged || seated) await tx.putRegistration(d.registration)
    const person = d.unchanged ? fresh : await recordFact(tx, activity, d, fresh)
    return { ...d, person }
  })
}

/** A check-in decision, with the person when the transaction read or created them (the reply needs them too). */
type Recorded = CheckInDecision & { readonly person: Person | null }

/** Keeps the ledger in step with a check-in, in its transaction (attendance-ledger.ts); the person read, if any. */
async function recordFact(tx: TxStore, activity: Activity, d: { checkIn: CheckIn; registration: Registration }, person: Person | null): Promise<Person | null> {
  if (d.checkIn.kind !== 'in' || !d.registration.checkedInAt) return person
  const p = person ?? (await tx.getPerson(d.registration.personId))
  if (!p) return null
  await recordAttendance(tx, activity, p, d.registration.id, d.registration.checkedInAt)
  return p
}

/** The reply to a check-in; `caller` is the signed-in operator, whose account need not be read again. */
async function scanResult(store: Store, d: Recorded, caller: User): Promise<ScanResultView> {
  const [person, operator] = await Promise.all([
    d.person?.id === d.checkIn.personId ? d.person : store.getPerson(d.checkIn.personId),
    d.checkIn.operatorId === caller.id ? caller : store.getUser(d.checkIn.operatorId),
  ])
  const r = d.registration
  // The roster shows who checked the person in: the check-in record's operator, which a check-out keeps.
  const checkedIn = d.checkIn.kind === 'in' ? d.checkIn : await store.getCheckIn(checkInIdFor(r.id, 'in'))
  const checkedInBy = !checkedIn ? null : checkedIn.operatorId === d.checkIn.operatorId ? (operator?.displayName ?? '') : ((await store.getUser(checkedIn.operatorId))?.displayName ?? '')
  return {
    verdict: d.verdict,
    headline: checkInHeadline({ verdict: d.verdict, kind: d.checkIn.kind }),
    name: person?.name ?? DELETED_PERSON_NAME,
    targetGroup: person?.targetGroup ?? 'public',
    kind: d.checkIn.kind,
    at: d.checkIn.at,
    operatorName: operator?.displayName ?? '',
    conflict: d.conflict,
    entry: { registrationId: r.id, attendance: r.attendance, checkedInAt: r.checkedInAt, checkedOutAt: r.checkedOutAt, checkedInBy, method: checkedIn?.method ?? null },
  }
}

/** Which registration a scanned ticket or card stands for at this activity, verified with the server's keys. */
async function registrationForCode(deps: Deps, activityId: ActivityId, parsed: ParsedCode | null, at: Instant): Promise<{ registrationId: RegistrationId; method: CheckInMethod }> {
  const target = unwrap(resolveScan(parsed, { activityId, activityKey: activityKeyOf(deps)(activityId), now: at }))
  if (target.kind === 'ticket') return { registrationId: target.registrationId, method: 'ticket' }
  if (!parsed || parsed.kind !== 'card' || !cardMacValid(masterKey(deps), parsed)) return raise('CHECKIN.INVALID_CODE')
  const person = await deps.store.getPerson(target.personId)
  if (!person || person.cardVersion !== target.version) return raise('CHECKIN.CARD_REVOKED')
  return { registrationId: registrationIdFor(activityId, person.id), method: 'card' }
}

function attemptOf(input: { nonce: string; deviceId: string; at?: string; kind?: CheckInKind }, method: CheckInMethod, user: User, now: Instant, reason: string | null = null): CheckInAttempt {
  return { kind: input.kind ?? 'in', method, at: input.at ?? now, nonce: input.nonce, operatorId: user.id, deviceId: input.deviceId, reason }
}

const cardView = (master: Uint8Array, p: Person): CardView => ({ personId: p.id, personName: p.name, version: p.cardVersion, code: cardCode(master, p.id, p.cardVersion) })

/** Issues a person's first card; re-read in a transaction so a concurrent revoke or edit is never undone. */
async function issueCardFor(store: Store, person: Person, now: Instant): Promise<Person> {
  if (person.cardVersion > 0) return person
  return store.transaction(async (tx) => {
    const current = (await tx.getPerson(person.id)) ?? raise('PERSON.NOT_FOUND', 'personId')
    if (current.cardVersion > 0) return current
    const issued = { ...current, cardVersion: 1, updatedAt: now }
    await tx.putPerson(issued)
    return issued
  })
}

const phoneLast4 = (phone: string | null) => (phone && phone.length >= 4 ? phone.slice(-4) : null)

async function rosterOf(store: Store, activity: Activity, viewer: User): Promise<{ regs: Registration[]; roster: (RosterEntry & { person: Person | null })[]; conflicts: ConsoleView['conflicts'] }> {
  const regs = (await store.listRegistrationsByActivity(activity.id)).filter((r) => r.status !== 'cancelled')
  const [persons, checkIns, areaName] = await Promise.all([
    store.getPersons(regs.map((r) => r.personId)).then((found) => {
      const byId = new Map(found.map((p) => [p.id as string, p]))
      return regs.map((r) => byId.get(r.personId) ?? null)
    }),
    store.listCheckInsByActivity(activity.id),
    areaNames(store),
  ])
  const byRegistration = new Map(checkIns.filter((c) => c.kind === 'in').map((c) => [c.registrationId as string, c]))
  const operatorIds = [...new Set(checkIns.map((c) => c.operatorId))]
  const operators = new Map((await Promise.all(operatorIds.map((id) => store.getUser(id)))).filter((u): u is User => !!u).map((u) => [u.id as string, u.displayName]))
  const roster = regs.map((r, i) => {
    const p = persons[i]
    const c = byRegistration.get(r.id)
    return {
      registrationId: r.id,
      personId: r.personId,
      name: p?.name ?? DELETED_PERSON_NAME,
      targetGroup: p?.targetGroup ?? ('public' as const),
      areaName: p ? areaName(p.areaId) : '',
      phoneLast4: phoneLast4(p?.phone ?? null),
      phone: rosterPhone(p?.phone ?? null, { admin: viewer.role === 'admin', organizesActivity: organizesActivity(viewer, activity) }, r.walkIn),
      status: r.status,
      walkIn: r.walkIn,
      attendance: r.attendance,
      checkedInAt: r.checkedInAt,
      checkedOutAt: r.checkedOutAt,
      checkedInBy: c ? (operators.get(c.operatorId) ?? '') : null,
      method: c?.method ?? null,
      person: p,
    }
  })
  const names = new Map(roster.map((e) => [e.registrationId as string, e.name]))
  // Reported: the same person checked in on another device (repeat scans on one device are just 已签到).
  const conflicts = checkIns.flatMap((c) => c.duplicates.filter((d) => d.deviceId !== c.deviceId).map((d) => ({ name: names.get(c.registrationId) ?? '', keptAt: c.at, otherAt: d.at, otherDevice: d.deviceId })))
  return { regs, roster, conflicts }
}

const stripPerson = <T extends { person: unknown }>(e: T): Omit<T, 'person'> => {
  const { person: _omit, ...rest } = e
  return rest
}

export const checkinHandlers = {
  myTickets: action({
    access: 'signedIn',
    input: schemas.checkin.myTickets,
    run: async (_input, ctx): Promise<{ tickets: TicketView[]; cards: CardView[] }> => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const [regs, persons] = await Promise.all([store.listRegistrationsByOwner(user.id), store.listPersonsByOwner(user.id)])
      const confirmed = regs.filter((r) => r.status === 'confirmed')
      const activities = (await store.getActivities([...new Set(confirmed.map((r) => r.activityId))])).filter((a) => !hasEnded(a, now) && a.status === 'published')
      const views = new Map((await activityViews(store, activities, now)).map((v) => [v.id as string, v]))
      const names = new Map(persons.map((p) => [p.id as string, p.name]))
      const slot = slotAt(now)
      const keyOf = activityKeyOf(ctx.deps)
      const tickets = confirmed
        .filter((r) => views.has(r.activityId))
        .map((r) => ({
          registrationId: r.id,
          personId: r.personId,
          personName: names.get(r.personId) ?? '',
          activity: views.get(r.activityId)!,
          code: ticketCode(keyOf(r.activityId), r.activityId, r.id, slot),
          refreshAt: slotEndsAt(slot),
          checkedInAt: r.checkedInAt,
        }))
        .sort((a, b) => a.activity.startAt.localeCompare(b.activity.startAt))
      const master = masterKey(ctx.deps)
      return { tickets, cards: persons.filter((p) => p.cardVersion > 0).map((p) => cardView(master, p)) }
    },
  }),
  issueCard: action({
    access: 'signedIn',
    input: schemas.checkin.issueCard,
    run: async (input, ctx): Promise<CardView> => {
      const person = unwrap(checkManages(await ctx.deps.store.getPerson(input.personId), userOf(ctx).id))
      return cardView(masterKey(ctx.deps), await issueCardFor(ctx.deps.store, person, ctx.deps.clock.now()))
    },
  }),
  revokeCard: action({
    access: 'signedIn',
    input: schemas.checkin.revokeCard,
    /** Revokes the current card (also for offline consoles, whose bundles carry only the new digest) and issues the next. */
    run: async (input, ctx): Promise<CardView> => {
      const user = userOf(ctx)
      const next = await ctx.deps.store.transaction(async (tx) => {
        const found = await tx.getPerson(input.personId)
        const person = user.role === 'admin' && found ? found : unwrap(checkManages(found, user.id))
        const bumped = { ...person, cardVersion: person.cardVersion + 1, updatedAt: ctx.deps.clock.now() }
        await tx.putPerson(bumped)
        return bumped
      })
      return cardView(masterKey(ctx.deps), next)
    },
  }),
  myConsoles: action({
    access: 'signedIn',
    input: schemas.checkin.myConsoles,
    run: async (_input, ctx) => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const from = toInstant(ms(now) - CONSOLE_PAST_DAYS * DAY_MS)
      const to = toInstant(ms(now) + CONSOLE_AHEAD_DAYS * DAY_MS)
      const departments = user.role === 'admin' ? DEPARTMENTS.map((d) => d.code) : user.role === 'organizer' && user.departmentCode ? [user.departmentCode] : []
      const own = (await Promise.all(departments.map((d) => store.listActivitiesByDepartment(d, from, to)))).flat()
      const grants = (await store.listGrantsByUser(user.id)).filter((g) => ms(g.validTo) >= ms(now))
      const creators = await usersByIds(store, grants.map((g) => g.createdBy))
      // Only what the grants still cover: a grant stops with its creator's organizer rights.
      const granted = (await store.getActivities([...new Set(grants.flatMap((g) => g.activityIds))])).filter((a) =>
        grants.some((g) => g.activityIds.includes(a.id) && creatorStillOrganizes(creators.find((c) => c.id === g.createdBy), a)),
      )
      const seen = new Set<string>()
      const all = [...own, ...granted].filter((a) => !seen.has(a.id) && seen.add(a.id)).sort((a, b) => a.startAt.localeCompare(b.startAt))
      return { activities: await activityViews(store, all, now), scanner: granted.length > 0 && own.length === 0 }
    },
  }),
  console: action({
    access: 'signedIn',
    input: schemas.checkin.console,
    run: async (input, ctx): Promise<ConsoleView> => {
      const { user, activity } = await requireOperator(ctx, input.activityId)
      const now = ctx.deps.clock.now()
      const { regs, roster, conflicts } = await rosterOf(ctx.deps.store, activity, user)
      const [view] = await activityViews(ctx.deps.store, [activity], now)
      const closed = activity.attendanceClosedAt
      return {
        activity: view,
        counts: consoleCounts(regs),
        roster: roster.map(stripPerson),
        checkoutEnabled: activity.checkoutEnabled,
        walkInsAllowed: activity.walkInsAllowed,
        attendanceClosedAt: closed,
        noShowRate: closed ? finalizeAttendance(regs, now).noShowRate : null,
        conflicts,
        canManage: organizesActivity(user, activity),
        attendanceClosed: attendanceClosed(activity, now),
        canCorrect: user.role === 'admin' && attendanceClosed(activity, now),
      }
    },
  }),
  exportRoster: action({
    access: ['organizer', 'admin'],
    input: schemas.checkin.exportRoster,
    /** 报名名单: who signed up, their status and attendance; phones as the console shows them (masked unless the viewer may see them). */
    run: async (input, ctx): Promise<ExportFile> => {
      const user = userOf(ctx)
      const activity = await ctx.deps.store.getActivity(input.activityId)
      if (!activity) return raise('ACTIVITY.NOT_FOUND', 'activityId')
      // Scanner volunteers see the roster at the desk, but only the unit's organizers and admins take it away.
      if (!organizesActivity(user, activity)) return raise('AUTH.FORBIDDEN')
      const { roster } = await rosterOf(ctx.deps.store, activity, user)
      const at = (instant: string | null) => (instant ? `${shanghaiParts(instant).date} ${shanghaiParts(instant).time}` : null)
      const table: Table = {
        title: '报名名单',
        columns: [
          { key: 'name', header: '姓名', kind: 'text' },
          { key: 'group', header: '人群', kind: 'text' },
          { key: 'area', header: '镇街', kind: 'text' },
          { key: 'phone', header: '手机', kind: 'text' },
          { key: 'status', header: '报名状态', kind: 'text' },
          { key: 'walkIn', header: '现场报名', kind: 'text' },
          { key: 'checkedIn', header: '签到时间', kind: 'text' },
          { key: 'checkedOut', header: '签退时间', kind: 'text' },
          { key: 'by', header: '签到人', kind: 'text' },
        ],
        rows: [...roster]
          .sort((a, b) => Number(a.status === 'waitlisted') - Number(b.status === 'waitlisted') || a.name.localeCompare(b.name, 'zh-Hans-CN'))
          .map((e) => ({
            name: e.name,
            group: nameOf(TARGET_GROUPS, e.targetGroup),
            area: e.areaName,
            phone: e.phone ?? (e.phoneLast4 ? `尾号${e.phoneLast4}` : null),
            status: e.status === 'waitlisted' ? '候补' : '已报名',
            walkIn: e.walkIn ? '是' : '否',
            checkedIn: at(e.checkedInAt),
            checkedOut: at(e.checkedOutAt),
            by: e.checkedInBy,
          })),
      }
      const now = ctx.deps.clock.now()
      return tableFile(table, input.format, exportFileName('报名名单', activity.title, now, input.format))
    },
  }),
  bundle: action({
    access: 'signedIn',
    input: schemas.checkin.bundle,
    run: async (input, ctx): Promise<OfflineBundle> => {
      const { user, activity } = await requireOperator(ctx, input.activityId)
      const now = ctx.deps.clock.now()
      const master = masterKey(ctx.deps)
      const { roster } = await rosterOf(ctx.deps.store, activity, user)
      const cancelled = (await ctx.deps.store.listRegistrationsByActivity(activity.id, 'cancelled')).map((r) => r.id)
      const [view] = await activityViews(ctx.deps.store, [activity], now)
      return {
        activityId: activity.id,
        activity: view,
        activityKey: base64url(deriveActivityKey(master, activity.id)),
        issuedAt: now,
        expiresAt: offlineBundleExpiresAt(activity),
        checkoutEnabled: activity.checkoutEnabled,
        roster: roster.map((e) => ({
          ...stripPerson(e),
          cardDigest: e.person && e.person.cardVersion > 0 ? cardDigest(cardCode(master, e.person.id, e.person.cardVersion)) : null,
        })),
        revoked: cancelled,
      }
    },
  }),
  scan: action({
    access: 'signedIn',
    input: schemas.checkin.scan,
    run: async (input, ctx): Promise<ScanResultView> => {
      const { user, activity } = await requireOperator(ctx, input.activityId)
      const now = ctx.deps.clock.now()
      const { registrationId, method } = await registrationForCode(ctx.deps, activity.id, parseCode(input.code), now)
      const d = await recordCheckIn(ctx.deps.store, activity.id, registrationId, attemptOf(input, method, user, now), now)
      return scanResult(ctx.deps.store, d, user)
    },
  }),
  tick: action({
    access: 'signedIn',
    input: schemas.checkin.tick,
    run: async (input, ctx): Promise<ScanResultView> => {
      const { user, activity } = await requireOperator(ctx, input.activityId)
      const now = ctx.deps.clock.now()
      const d = await recordCheckIn(ctx.deps.store, activity.id, input.registrationId, attemptOf(input, 'roster', user, now, input.reason), now)
      return scanResult(ctx.deps.store, d, user)
    },
  }),
  walkIn: action({
    access: 'signedIn',
    input: schemas.checkin.walkIn,
    run: async (input, ctx): Promise<ScanResultView> => {
      const { store, clock, random } = ctx.deps
      const { user, activity } = await requireOperator(ctx, input.activityId)
      const now = clock.now()
      if (!(await store.getArea(input.areaId))) raise('AREA.NOT_FOUND', 'areaId')
      const { guardianConsentAt } = unwrap(checkWalkInPerson(input, now))
      const { name, targetGroup, areaId, phone } = input
      const birthYear = input.birthYear ?? BIRTH_YEAR_NOT_GIVEN
      const person = newPerson({ id: newId<PersonId>('per', random), ownerId: user.id, isSelf: false, name, birthYear, targetGroup, areaId, phone, guardianConsentAt }, now)
      const attempt = attemptOf(input, 'walk_in', user, now)
      const seating: Seating = { personId: person.id, ownerId: user.id, byOrganizer: true, newPerson: person }
      const d = await recordCheckIn(store, activity.id, registrationIdFor(activity.id, person.id), attempt, now, seating)
      return scanResult(store, d, user)
    },
  }),
  sync: action({
    access: 'signedIn',
    input: schemas.checkin.sync,
    /** Replays an offline queue; each item is decided on its own, so one bad scan does not fail the batch. */
    run: async (input, ctx): Promise<{ results: SyncItemResult[] }> => {
      const { user, activity } = await requireOperator(ctx, input.activityId)
      const now = ctx.deps.clock.now()
      const results: SyncItemResult[] = []
      for (const item of input.items) {
        try {
          const target = item.code
            ? await registrationForCode(ctx.deps, activity.id, parseCode(item.code), item.at)
            : item.registrationId
              ? { registrationId: item.registrationId, method: 'roster' as const }
              : raise('INPUT.INVALID', 'code')
          const attempt = attemptOf({ ...item, deviceId: input.deviceId }, target.method, user, now, item.reason ?? null)
          const d = await recordCheckIn(ctx.deps.store, activity.id, target.registrationId, attempt, now)
          const view = await scanResult(ctx.deps.store, d, user)
          results.push({ nonce: item.nonce, ok: true, verdict: d.verdict, name: view.name })
        } catch (err) {
          if (!(err instanceof AppError)) throw err
          results.push({ nonce: item.nonce, ok: false, code: err.failure.code, message: err.failure.message })
        }
      }
      return { results }
    },
  }),
  activityCode: action({
    access: 'signedIn',
    input: schemas.checkin.activityCode,
    run: async (input, ctx) => {
      const { activity } = await requireOperator(ctx, input.activityId)
      const slot = slotAt(ctx.deps.clock.now())
      const code = activityCode(activityKeyOf(ctx.deps)(activity.id), activity.id, slot)
      const parsed = parseCode(code)
      const scene = parsed ? activityScene(parsed as Extract<ParsedCode, { kind: 'activity' }>) : null
      // In the WeChat cloud the code is a mini-program code opening the check-in page with the scene.
      const image = scene && ctx.deps.miniProgramCode ? base64url(await ctx.deps.miniProgramCode(scene, CHECKIN_PAGE)) : null
      return {
        code,
        scene,
        url: `/#/${CHECKIN_PAGE}?c=${encodeURIComponent(code)}`,
        /** base64url PNG of the mini-program code, when the platform can render one. */
        image,
        refreshAt: slotEndsAt(slot),
      }
    },
  }),
  self: action({
    access: 'signedIn',
    input: schemas.checkin.self,
    /** An attendee checks in the persons they manage with the activity's rotating code. */
    run: async (input, ctx) => {
      const { store, clock } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      const activityId = unwrap(resolveActivityCode(parseCode(input.code), activityKeyOf(ctx.deps), now))
      const activity = await loadActivity(store, activityId)
      const results: Array<{ personId: PersonId; ok: boolean; result?: ScanResultView; code?: string; message?: string }> = []
      for (const personId of input.personIds) {
        try {
          const person = unwrap(checkManages(await store.getPerson(personId), user.id))
          const registrationId = registrationIdFor(activity.id, person.id)
          const attempt: CheckInAttempt = { kind: 'in', method: 'activity_code', at: now, nonce: `self-${registrationId}`, operatorId: user.id, deviceId: 'self', reason: null }
          const seating: Seating = { personId: person.id, ownerId: user.id, byOrganizer: false, newPerson: null }
          const d = await recordCheckIn(store, activity.id, registrationId, attempt, now, seating)
          results.push({ personId, ok: true, result: await scanResult(store, d, user) })
        } catch (err) {
          if (!(err instanceof AppError)) throw err
          results.push({ personId, ok: false, code: err.failure.code, message: err.failure.message })
        }
      }
      return { activityTitle: activity.title, results }
    },
  }),
  finalize: action({
    access: ['organizer', 'admin'],
    input: schemas.checkin.finalize,
    run: async (input, ctx) => {
      const { store, clock } = ctx.deps
      const { activity } = await requireOrganizer(ctx, input.activityId)
      const now = clock.now()
      if (!canFinalize(activity, now)) raise('CHECKIN.NOT_FINISHED')
      const regs = await store.listRegistrationsByActivity(activity.id, 'confirmed')
      const closed: Registration[] = []
      for (let i = 0; i < regs.length; i += FINALIZE_BATCH) {
        const batch = regs.slice(i, i + FINALIZE_BATCH)
        const written = await store.transaction(async (tx) => {
          const out: Registration[] = []
          for (const r of batch) {
            // Re-read: a late check-in synced meanwhile must not be overwritten as a no-show.
            const current = await tx.getRegistration(r.id)
            if (!current || current.status !== 'confirmed') continue
            const next = closeAttendance(current, now)
            await tx.putRegistration(next)
            out.push(next)
          }
          return out
        })
        closed.push(...written)
      }
      await store.transaction(async (tx) => {
        const a = await tx.getActivity(activity.id)
        if (a) await tx.putActivity({ ...a, attendanceClosedAt: now, updatedAt: now })
      })
      // The reply counts what was written, late check-ins included.
      return attendanceSummary(closed)
    },
  }),
  printCards: action({
    access: ['organizer', 'admin'],
    input: schemas.checkin.printCards,
    run: async (input, ctx) => {
      const { store, clock } = ctx.deps
      const { activity } = await requireOrganizer(ctx, input.activityId)
      const master = masterKey(ctx.deps)
      const regs = await store.listRegistrationsByActivity(activity.id, 'confirmed')
      const cards: CardView[] = []
      for (const person of await store.getPersons(regs.map((r) => r.personId))) cards.push(cardView(master, await issueCardFor(store, person, clock.now())))
      return { activityTitle: activity.title, cards }
    },
  }),
  invite: action({
    access: ['organizer', 'admin'],
    input: schemas.checkin.invite,
    run: async (input, ctx): Promise<ScannerInvite> => {
      const { store, clock, random } = ctx.deps
      const user = userOf(ctx)
      if (ms(input.validTo) <= ms(input.validFrom)) raise('INVITE.WINDOW', 'validTo')
      if (ms(input.validTo) - ms(input.validFrom) > INVITE_WINDOW_MAX_DAYS * DAY_MS) raise('INVITE.WINDOW_TOO_LONG', 'validTo', `邀请的有效期最长${INVITE_WINDOW_MAX_DAYS}天`)
      for (const id of input.activityIds) if (!organizesActivity(user, await loadActivity(store, id))) raise('AUTH.FORBIDDEN')
      let code = ''
      for (let i = 0; i < 8; i++) code += INVITE_ALPHABET[Math.floor(random() * INVITE_ALPHABET.length)]
      const invite: ScannerInvite = {
        id: code,
        activityIds: [...new Set(input.activityIds)],
        validFrom: input.validFrom,
        validTo: input.validTo,
        createdBy: user.id,
        createdAt: clock.now(),
        redeemedBy: null,
        redeemedAt: null,
      }
      await store.putInvite(invite)
      return invite
    },
  }),
  redeem: action({
    access: 'signedIn',
    input: schemas.checkin.redeem,
    run: async (input, ctx) => {
      const { store, clock, random } = ctx.deps
      const user = userOf(ctx)
      const now = clock.now()
      // The creator is read before the transaction (transactions read documents by id only); the
      // invite and its activities are re-read inside it.
      const preview = await store.getInvite(input.code)
      const creator = preview ? await store.getUser(preview.createdBy) : null
      const grant = await store.transaction(async (tx) => {
        const invite = await tx.getInvite(input.code)
        const activities = invite ? (await Promise.all(invite.activityIds.map((id) => tx.getActivity(id)))).filter((a): a is Activity => a !== null) : []
        const inviter = { creator: creator && invite && creator.id === invite.createdBy ? creator : null, activities }
        const r = unwrap(decideRedeemInvite(invite, user.id, now, newId('grant', random), inviter))
        await tx.putInvite(r.invite)
        await tx.putGrant(r.grant)
        return r.grant
      })
      return { activityIds: grant.activityIds, validFrom: grant.validFrom, validTo: grant.validTo }
    },
  }),
}
