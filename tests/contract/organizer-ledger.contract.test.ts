// An activity created in the app counts in the ledger exactly like a seeded one, on every adapter:
// two 科技辅导员 trainings published by 区科协 for 区教育和体育局, attended by 60 distinct teachers, 10 of
// them at both, move 培训科技辅导员 by 60 people and 70 person-times. Runs the real handlers.
import type { ActivityInput } from '../../src/domain/activities/editing'
import type { ActivityId, PersonId, UserId } from '../../src/domain/ids'
import type { ActivityDraftRepository } from '../../src/domain/activities/drafts-port'
import type { Deps, Store } from '../../src/domain/ports'
import { shanghaiInstant } from '../../src/domain/time'
import type { User } from '../../src/domain/types'
import { dispatch, FUNCTIONS, type Reply } from '../../src/handlers'
import { at, makePerson, makeUser, personId, userId } from '../support/factories'
import { agreePrivacy, buildWorld, WORLD } from '../support/world'
import { TEST_SIGNING_KEY } from '../support/server-harness'
import { ADAPTERS, openStoreEach } from './adapters'

const TEACHERS = 60
const TWICE = 10
const YEAR_2026 = { from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2027, 1, 1) }

const training = (startHours: number): ActivityInput => ({
  title: '送培到基层·科技辅导员培训',
  type: 'training',
  description: '',
  startAt: at(startHours),
  endAt: at(startHours + 3),
  place: '区教师发展中心',
  address: '',
  areaId: WORLD.area,
  location: null,
  capacity: 100,
  waitlistLimit: 0,
  signupOpensAt: at(1),
  signupClosesAt: at(startHours - 1),
  targetGroups: ['public'],
  minAge: null,
  maxAge: null,
  walkInsAllowed: false,
  checkoutEnabled: false,
  actions: ['action_youth'],
  projects: ['project_grassroots'],
  tags: ['science_tutor_training'],
  departmentCode: 'jiaoti',
  poster: null,
})

describe.each(ADAPTERS)('an activity created in the app counts in the ledger: $name', (adapter) => {
  let store: Store
  openStoreEach(adapter, (s) => (store = s))
  let now = at(1)
  let nonce = 0
  const unexpected: unknown[] = []
  const deps = (): Deps => ({ store, drafts: (store as unknown as { drafts: ActivityDraftRepository }).drafts, clock: { now: () => now }, random: Math.random, signingKey: TEST_SIGNING_KEY })
  const call = async (fn: keyof typeof FUNCTIONS, action: string, data: unknown, as: UserId): Promise<Reply> =>
    dispatch(FUNCTIONS[fn], action, data, (await store.getUser(as)) as User, deps(), (_m, e) => unexpected.push(e))
  const data = <T>(r: Reply): T => {
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
    return r.data as T
  }

  it(`moves 培训科技辅导员 by ${TEACHERS} people and ${TEACHERS + TWICE} person-times`, async () => {
    await buildWorld(store)
    const teachers = Array.from({ length: TEACHERS }, (_, i) => ({ user: userId(`teacher-${i}`), person: personId(`teacher-${i}`) }))
    for (const t of teachers) {
      await store.putUser(makeUser({ id: t.user, displayName: `教师${t.user}` }))
      await agreePrivacy(store, t.user)
      await store.putPerson(makePerson({ id: t.person as PersonId, ownerId: t.user, areaId: WORLD.area, name: `教师${t.person}` }))
    }
    data(await call('ledger', 'copyPlan', { fromPlanId: 'plan-2021-2025', name: '环翠区全民科学素质行动规划纲要实施方案（2026—2030年）', from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2031, 1, 1) }, WORLD.users.admin))
    const tutorsCard = async () => data<{ cards: { name: string; value: number | null }[] }>(await call('ledger', 'dashboard', {}, WORLD.users.admin)).cards.find((c) => c.name.startsWith('培训科技辅导员'))!.value
    expect(await tutorsCard()).toBe(0)

    const first = data<{ id: ActivityId }>(await call('activities', 'create', { input: training(7 * 24), publish: true }, WORLD.users.admin)).id
    const second = data<{ id: ActivityId }>(await call('activities', 'create', { input: training(14 * 24), publish: true }, WORLD.users.admin)).id
    const attend = async (activityId: ActivityId, who: typeof teachers, startHours: number) => {
      now = at(2)
      for (const t of who) data(await call('registrations', 'signUp', { activityId, personId: t.person }, t.user))
      now = at(startHours)
      for (const t of who) {
        const reg = `reg-${activityId}-${t.person}`
        data(await call('checkin', 'tick', { activityId, registrationId: reg, reason: '签到表核对', nonce: `ledger-${String(++nonce).padStart(6, '0')}`, deviceId: 'dev-ledger' }, WORLD.users.admin))
      }
    }
    await attend(first, teachers, 7 * 24)
    await attend(second, teachers.slice(0, TWICE), 14 * 24)

    expect(await tutorsCard()).toBe(TEACHERS)
    expect(await store.countFacts({ rule: 'person_times', period: YEAR_2026, filters: { tags: ['science_tutor_training'] } })).toBe(TEACHERS + TWICE)
    expect(await store.countFacts({ rule: 'unique_persons', period: YEAR_2026, filters: { tags: ['science_tutor_training'], departments: ['jiaoti'] } })).toBe(TEACHERS)
    expect(unexpected).toEqual([])
  })
})
