// Every action × every role. The expected verdicts are written out here by hand, not derived from the
// handler tables, so changing an action's access without changing this table fails the test.
import { FUNCTIONS } from '../../src/handlers'
import type { UserId } from '../../src/domain/ids'
import { startHarness, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { at } from '../support/factories'

type Caller = 'anonymous' | 'resident' | 'organizer' | 'admin'
const CALLERS: Caller[] = ['anonymous', 'resident', 'organizer', 'admin']
const ALL = 'allow'
type Verdict = 'allow' | 'AUTH.REQUIRED' | 'AUTH.FORBIDDEN'
const signedIn: Record<Caller, Verdict> = { anonymous: 'AUTH.REQUIRED', resident: ALL, organizer: ALL, admin: ALL }
const everyone: Record<Caller, Verdict> = { anonymous: ALL, resident: ALL, organizer: ALL, admin: ALL }
const adminOnly: Record<Caller, Verdict> = { anonymous: 'AUTH.REQUIRED', resident: 'AUTH.FORBIDDEN', organizer: 'AUTH.FORBIDDEN', admin: ALL }

const userOf = (c: Caller): UserId | null => (c === 'anonymous' ? null : WORLD.users[c])
const selfOf = (c: Caller) => (c === 'anonymous' ? WORLD.persons.resident : WORLD.persons[c])

/** Valid input for each action, as the given caller would send it. */
const MATRIX: Record<string, { verdicts: Record<Caller, Verdict>; input: (c: Caller, h: Harness) => Promise<unknown> | unknown }> = {
  'session.whoami': { verdicts: everyone, input: () => ({}) },
  'catalog.get': { verdicts: everyone, input: () => ({}) },
  'catalog.saveArea': { verdicts: adminOnly, input: () => ({ name: '测试街道', kind: 'street' }) },
  'activities.list': { verdicts: everyone, input: () => ({}) },
  'activities.get': { verdicts: everyone, input: () => ({ id: WORLD.activities.open }) },
  'persons.list': { verdicts: signedIn, input: () => ({}) },
  'persons.create': { verdicts: signedIn, input: () => ({ name: '新成员', birthYear: 1950, targetGroup: 'senior', areaId: WORLD.area }) },
  'persons.update': { verdicts: signedIn, input: (c) => ({ id: selfOf(c), name: '改名', birthYear: 1960, targetGroup: 'senior', areaId: WORLD.area }) },
  'persons.remove': { verdicts: signedIn, input: (c) => ({ id: selfOf(c) }) },
  'registrations.signUp': { verdicts: signedIn, input: (c) => ({ activityId: WORLD.activities.open, personId: selfOf(c) }) },
  'registrations.cancel': {
    verdicts: signedIn,
    input: async (c, h) => {
      // Each signed-in caller cancels a registration of their own.
      const as = userOf(c)
      if (!as) return { registrationId: 'reg-act-open-per-resident-self' }
      const r = await h.call('registrations', 'signUp', { activityId: WORLD.activities.open, personId: selfOf(c) }, as)
      return { registrationId: r.data.id }
    },
  },
  'registrations.listMine': { verdicts: signedIn, input: () => ({}) },
}

describe('authorization matrix', () => {
  it('has a row for every action of every function', () => {
    const actions = Object.entries(FUNCTIONS).flatMap(([fn, table]) => Object.keys(table).map((a) => `${fn}.${a}`))
    expect(Object.keys(MATRIX).sort()).toEqual(actions.sort())
  })

  let h: Harness
  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
  })
  afterEach(() => h.close())

  const cases = Object.entries(MATRIX).flatMap(([key, row]) => CALLERS.map((c) => [key, c, row.verdicts[c]] as const))
  it.each(cases)('%s as %s: %s', async (key, caller, verdict) => {
    const [fn, action] = key.split('.')
    const input = await MATRIX[key].input(caller, h)
    const before = verdict === 'allow' ? null : h.snapshot()
    const reply = await h.call(fn, action, input, userOf(caller))
    if (verdict === 'allow') {
      expect(reply).toMatchObject({ ok: true })
    } else {
      expect(reply).toMatchObject({ ok: false, error: { code: verdict } })
      expect(h.snapshot()).toBe(before)
    }
  })
})
