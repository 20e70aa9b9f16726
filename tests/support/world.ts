// A small world for handler tests: one user per role, an area, and a few activities around T0.
import type { Store } from '../../src/domain/ports'
import type { UserId } from '../../src/domain/ids'
import { PRIVACY_NOTICE_VERSION, privacyConsentId } from '../../src/domain/privacy/notice'
import type { Role } from '../../src/domain/types'
import { activityId, areaId, at, makeActivity, makeArea, makePerson, makeUser, personId, userId } from './factories'

export const WORLD = {
  area: areaId('huancuilou'),
  users: {
    resident: userId('resident'),
    other: userId('other'),
    organizer: userId('organizer'),
    admin: userId('admin'),
    /** A resident volunteer invited to scan at the `open` activity. */
    scanner: userId('scanner'),
  },
  persons: {
    resident: personId('resident-self'),
    residentMother: personId('resident-mother'),
    other: personId('other-self'),
    organizer: personId('organizer-self'),
    admin: personId('admin-self'),
    scanner: personId('scanner-self'),
  },
  activities: {
    open: activityId('open'),
    small: activityId('small'),
    noWaitlist: activityId('no-waitlist'),
    notOpen: activityId('not-open'),
    closed: activityId('closed'),
    past: activityId('past'),
  },
} as const

export async function buildWorld(store: Store): Promise<void> {
  await store.putArea(makeArea({ id: WORLD.area }))
  const roles: Record<keyof typeof WORLD.users, Role> = { resident: 'resident', other: 'resident', organizer: 'organizer', admin: 'admin', scanner: 'resident' }
  for (const [key, role] of Object.entries(roles) as [keyof typeof WORLD.users, Role][]) {
    await store.putUser(makeUser({ id: WORLD.users[key], role, ...(role === 'organizer' ? { departmentCode: 'kx' as const } : {}) }))
  }
  // Every world user agreed to the privacy notice, as the product requires before any personal data.
  for (const id of Object.values(WORLD.users)) await agreePrivacy(store, id)
  for (const [key, owner] of [
    ['resident', WORLD.users.resident],
    ['other', WORLD.users.other],
    ['organizer', WORLD.users.organizer],
    ['admin', WORLD.users.admin],
    ['scanner', WORLD.users.scanner],
  ] as const) {
    await store.putPerson(makePerson({ id: WORLD.persons[key], ownerId: owner, areaId: WORLD.area, name: `${key}本人` }))
  }
  await store.putPerson(makePerson({ id: WORLD.persons.residentMother, ownerId: WORLD.users.resident, isSelf: false, name: '赵桂英', birthYear: 1950, areaId: WORLD.area }))
  const A = WORLD.activities
  await store.putActivity(makeActivity({ id: A.open, areaId: WORLD.area, title: '智慧助老 手机课堂', type: 'smart_senior', targetGroups: ['senior'] }))
  await store.putActivity(makeActivity({ id: A.small, areaId: WORLD.area, capacity: 1, waitlistLimit: 5 }))
  await store.putActivity(makeActivity({ id: A.noWaitlist, areaId: WORLD.area, capacity: 1, waitlistLimit: 0 }))
  await store.putActivity(makeActivity({ id: A.notOpen, areaId: WORLD.area, signupOpensAt: at(48) }))
  await store.putActivity(makeActivity({ id: A.closed, areaId: WORLD.area, signupClosesAt: at(-1) }))
  await store.transaction((tx) =>
    tx.putGrant({ id: 'grant-scanner', userId: WORLD.users.scanner, activityIds: [A.open], validFrom: at(0), validTo: at(30 * 24), createdBy: WORLD.users.organizer, createdAt: at(0) }),
  )
  await store.putActivity(makeActivity({ id: A.past, areaId: WORLD.area, startAt: at(-48), endAt: at(-46), signupOpensAt: at(-100), signupClosesAt: at(-49) }))
}

/** Records that `userId` agreed to the current privacy notice (fixtures agree first; the rule stays strict). */
export async function agreePrivacy(store: Store, userId: UserId, at = '2026-08-01T00:00:00.000Z'): Promise<void> {
  await store.putConsent({ id: privacyConsentId(userId), userId, kind: 'privacy_notice', version: PRIVACY_NOTICE_VERSION, subjectId: null, at })
}
