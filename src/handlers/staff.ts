// Cloud function `staff`: who may organize. Admins invite organizers for a unit with one-time codes,
// list the units' staff with the staff log, and revoke organizers; a signed-in resident redeems a
// code. Rules are in domain/staff/rules.ts; storage is the staff port beside the Store.

import { DEPARTMENTS, nameOf, type DepartmentCode } from '../domain/catalog'
import { raise, unwrap } from '../domain/errors'
import { newId, type UserId } from '../domain/ids'
import { staffRepositoryOf } from '../domain/ports'
import {
  decideRedeemStaffInvite,
  decideRevoke,
  decideStaffInvite,
  departmentOf,
  grantEventIdFor,
  newStaffCode,
  normalizeStaffCode,
  staffInviteIdFor,
  staffScene,
  type StaffEvent,
} from '../domain/staff/rules'
import {
  staffSchemas,
  type StaffInviteCreatedView,
  type StaffListView,
  type StaffRedeemedView,
  type StaffRevokedView,
  type StaffSessionUser,
} from '../domain/staff/schemas'
import type { Store } from '../domain/ports'
import type { User } from '../domain/types'
import { base64url } from '../domain/checkin/codes'
import { action, userOf } from './table'

/** The page an organizer invite opens (`?code=` in H5, the scene in a mini-program code). */
export const STAFF_JOIN_PAGE = 'packages/staff/pages/join/index'
/** A freshly drawn code clashing with a stored one is drawn again, at most this often. */
const CODE_DRAWS_MAX = 5
/** The staff list shows this many of the latest log events. */
const STAFF_LOG_SHOWN = 50
/** Shown for an account that no longer exists (deleted by its owner). */
const GONE_ACCOUNT_NAME = '已注销的账号'

const unitName = (code: DepartmentCode): string => nameOf(DEPARTMENTS, code)

const sessionUserOf = (u: User): StaffSessionUser => ({
  id: u.id,
  role: u.role,
  displayName: u.displayName,
  ...(u.departmentCode ? { departmentCode: u.departmentCode } : {}),
})

/** Display names of these accounts, each read once. */
async function namesOf(store: Store, ids: readonly UserId[]): Promise<(id: UserId) => string> {
  const unique = [...new Set(ids)]
  const users = await Promise.all(unique.map((id) => store.getUser(id)))
  const names = new Map(unique.map((id, i) => [id as string, users[i]?.displayName ?? GONE_ACCOUNT_NAME]))
  return (id) => names.get(id) ?? GONE_ACCOUNT_NAME
}

export const staffHandlers = {
  invite: action({
    access: ['admin'],
    input: staffSchemas.invite,
    run: async (input, ctx): Promise<StaffInviteCreatedView> => {
      const { clock, random, miniProgramCode } = ctx.deps
      const staff = staffRepositoryOf(ctx.deps)
      const user = userOf(ctx)
      const now = clock.now()
      for (let draw = 0; draw < CODE_DRAWS_MAX; draw++) {
        const code = newStaffCode(random)
        const invite = unwrap(decideStaffInvite({ actor: user, departmentCode: input.departmentCode, code, now }))
        if (!(await staff.createInvite(invite))) continue
        const scene = staffScene(code)
        // The invite stands even when the picture cannot be made: the code is shown as text as well.
        const image = miniProgramCode ? await miniProgramCode(scene, STAFF_JOIN_PAGE).then(base64url, () => null) : null
        return { code, scene, expiresAt: invite.expiresAt, departmentCode: invite.departmentCode, departmentName: unitName(invite.departmentCode), page: STAFF_JOIN_PAGE, image }
      }
      return raise('SYSTEM.BUSY')
    },
  }),
  redeem: action({
    access: 'signedIn',
    input: staffSchemas.redeem,
    /** Claims the invite, then stores the account as the unit's organizer, then records the grant (each step repeatable). */
    run: async (input, ctx): Promise<StaffRedeemedView> => {
      const { store, clock } = ctx.deps
      const staff = staffRepositoryOf(ctx.deps)
      const user = userOf(ctx)
      const now = clock.now()
      const code = normalizeStaffCode(input.code) ?? raise('STAFF.INVITE_INVALID', 'code')
      const id = staffInviteIdFor(code)
      const decide = async () => {
        const invite = await staff.getInvite(id)
        const grantRecorded = invite?.usedBy === user.id ? (await staff.getEvent(grantEventIdFor(id))) !== null : false
        return { invite, grantRecorded, decision: unwrap(decideRedeemStaffInvite({ invite, user, grantRecorded, now })) }
      }
      // Decided before claiming, so a refused redemption (an organizer, an expired code) writes nothing.
      const { grantRecorded } = await decide()
      const claimed = await staff.claimInvite(id, user.id, now)
      // Lost to someone else's claim, or expired meanwhile: decided again on what is stored now.
      if (!claimed) {
        await decide()
        return raise('STAFF.INVITE_USED', 'code')
      }
      const d = unwrap(decideRedeemStaffInvite({ invite: claimed, user, grantRecorded, now }))
      await store.putUser(d.user)
      await staff.appendEvent(d.event)
      return { user: sessionUserOf(d.user), departmentCode: claimed.departmentCode, departmentName: unitName(claimed.departmentCode) }
    },
  }),
  list: action({
    access: ['admin'],
    input: staffSchemas.list,
    run: async (input, ctx): Promise<StaffListView> => {
      const { store, clock } = ctx.deps
      const staff = staffRepositoryOf(ctx.deps)
      const now = clock.now()
      const unit = input.departmentCode ? (departmentOf(input.departmentCode) ?? raise('STAFF.UNKNOWN_UNIT', 'departmentCode')) : undefined
      const [organizers, invites, events] = await Promise.all([
        staff.listOrganizers(unit),
        staff.listOpenInvites({ departmentCode: unit, now }),
        staff.listEvents({ departmentCode: unit, limit: STAFF_LOG_SHOWN }),
      ])
      // Each organizer's latest grant in their unit: from the log shown, else looked up (an old grant).
      const grants = await Promise.all(
        organizers.map(
          async (o): Promise<StaffEvent | null> =>
            events.find((e) => e.kind === 'grant' && e.userId === o.id && e.departmentCode === o.departmentCode) ??
            (await staff.listEvents({ userId: o.id, kind: 'grant', departmentCode: o.departmentCode, limit: 1 }))[0] ??
            null,
        ),
      )
      const name = await namesOf(store, [
        ...grants.flatMap((g) => (g ? [g.by] : [])),
        ...invites.map((i) => i.createdBy),
        ...events.flatMap((e) => [e.userId, e.by]),
      ])
      return {
        departmentCode: unit ?? null,
        staff: organizers.flatMap((o, i) => {
          const departmentCode = o.departmentCode
          if (!departmentCode) return []
          const grant = grants[i]
          return [{ userId: o.id, displayName: o.displayName, departmentCode, departmentName: unitName(departmentCode), grantedAt: grant?.at ?? null, grantedByName: grant ? name(grant.by) : null }]
        }),
        invites: invites.map((i) => ({ departmentCode: i.departmentCode, departmentName: unitName(i.departmentCode), createdAt: i.createdAt, expiresAt: i.expiresAt, createdByName: name(i.createdBy) })),
        events: events.map((e) => ({
          id: e.id,
          kind: e.kind,
          userId: e.userId,
          userName: name(e.userId),
          departmentCode: e.departmentCode,
          departmentName: unitName(e.departmentCode),
          byName: name(e.by),
          at: e.at,
        })),
      }
    },
  }),
  revoke: action({
    access: ['admin'],
    input: staffSchemas.revoke,
    /** The account is a resident again at once: consoles, and the scanner invites and grants it made, stop working. */
    run: async (input, ctx): Promise<StaffRevokedView> => {
      const { store, clock, random } = ctx.deps
      const staff = staffRepositoryOf(ctx.deps)
      const now = clock.now()
      const target = await store.getUser(input.userId)
      const d = unwrap(decideRevoke({ actor: userOf(ctx), target, eventId: newId('sev', random), now }))
      await store.putUser(d.user)
      await staff.appendEvent(d.event)
      return { userId: d.user.id, displayName: d.user.displayName, role: d.user.role }
    },
  }),
}
