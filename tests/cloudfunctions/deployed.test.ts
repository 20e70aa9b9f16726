// Every cloud function run as deployed (tests/support/deployed-functions.ts): its built folder alone
// with only its package.json's dependencies installed, loaded by a fresh Node process under a
// stand-in for the cloud function runtime, the real wx-server-sdk talking to the local CloudBase
// server. The caller's OPENID reaches the function the way WeChat hands it over, in the environment
// (WX_CONTEXT_KEYS, WX_OPENID) that getWXContext() reads, never in the event. Each function answers a
// smoke call; a sign-up is followed to its check-in, and two instances race for the last seat.

import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { createCloudBaseStore, type CloudBaseStore } from '../../cloud/cloudbase-store'
import type { PersonView, RegistrationView } from '../../src/domain/contracts'
import { FUNCTIONS, type Reply } from '../../src/handlers'
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/privacy/notice'
import { openSdkDb, type SdkDb } from '../support/cloudbase-sdk'
import { deployFunctions, startFunction, type Caller, type Deployment, type FunctionInstance } from '../support/deployed-functions'
import { activityId, areaId, makeActivity, makeArea, makeUser } from '../support/factories'

const NAMES = Object.keys(FUNCTIONS).sort()
const HOUR_MS = 3_600_000
const SIGNING_KEY = 'AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA'
const ALICE = 'oAlice_0000000000000000000001'
const BOB = 'oBob_00000000000000000000000002'
const ORGANIZER = 'oOrganizer_000000000000000003'
const AREA = areaId('huancuilou')
const OPEN = activityId('deployed-open')
const LAST_SEAT = activityId('deployed-last-seat')

let deployment: Deployment
let opened: SdkDb
let store: CloudBaseStore
const instances = new Map<string, FunctionInstance>()
/** A second instance of `registrations`, as the platform scales out under load. */
let registrationsB: FunctionInstance

const call = (fn: string, event: unknown, caller?: Caller): Promise<Reply> => instances.get(fn)!.call(event, caller)
const ok = <T>(reply: Reply): T => {
  if (!reply.ok) throw new Error(`expected ok, got ${JSON.stringify(reply.error)}`)
  return reply.data as T
}

beforeAll(async () => {
  deployment = deployFunctions()
  opened = await openSdkDb()
  store = createCloudBaseStore(opened.db)
  const env = { envId: opened.env, serviceUrl: opened.server.url, variables: { KEPU_SIGNING_KEY: SIGNING_KEY } }
  const started = await Promise.all([...NAMES.map((n) => startFunction(deployment, n, env)), startFunction(deployment, 'registrations', env)])
  started.slice(0, NAMES.length).forEach((instance) => instances.set(instance.name, instance))
  registrationsB = started[NAMES.length]

  // The functions run on the real clock, so the activities are placed around now.
  const now = Date.now()
  const iso = (hours: number) => new Date(now + hours * HOUR_MS).toISOString()
  const times = { startAt: iso(1), endAt: iso(3), signupOpensAt: iso(-24), signupClosesAt: iso(0.5), createdAt: iso(-48), updatedAt: iso(-48) }
  await store.putArea(makeArea({ id: AREA }))
  await store.putActivity(makeActivity({ id: OPEN, areaId: AREA, title: '智慧助老：手机课堂', departmentCode: 'kx', ...times }))
  await store.putActivity(makeActivity({ id: LAST_SEAT, areaId: AREA, capacity: 1, waitlistLimit: 0, departmentCode: 'kx', ...times }))
  await store.putUser(makeUser({ id: ORGANIZER as never, role: 'organizer', departmentCode: 'kx', displayName: '科协组织者' }))
}, 180_000)

afterAll(async () => {
  for (const instance of [...instances.values(), registrationsB]) instance?.stop()
  await opened?.close()
  deployment?.remove()
})

describe('deployed cloud function folders', () => {
  it('hold the bundle, package.json and config.json, and only the packages package.json lists', () => {
    for (const name of NAMES) {
      const folder = deployment.folder(name)
      expect([name, fs.readdirSync(folder).sort()]).toEqual([name, ['config.json', 'index.js', 'node_modules', 'package.json']])
      const pkg = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'))
      expect([name, fs.readdirSync(path.join(folder, 'node_modules')).sort()]).toEqual([name, Object.keys(pkg.dependencies).sort()])
      // Node resolves the SDK from the folder, and nothing else: the repository's packages are not on its path.
      const requireThere = createRequire(path.join(folder, 'index.js'))
      expect(requireThere.resolve('wx-server-sdk')).toBe(fs.realpathSync(path.join(__dirname, '../../node_modules/wx-server-sdk/index.js')))
      expect(() => requireThere.resolve('zod')).toThrow(/Cannot find module/)
    }
  })
})

describe('deployed cloud functions', () => {
  it('each answers in its own process, with the caller’s account created through the real SDK', async () => {
    const pids = new Set([...instances.values()].map((i) => i.pid))
    expect(pids.size).toBe(NAMES.length)
    expect(pids.has(process.pid)).toBe(false)
    for (const name of NAMES) {
      expect([name, await call(name, { action: 'noSuchAction', data: {} }, { openid: ALICE })]).toMatchObject([name, { ok: false, error: { code: 'ACTION.UNKNOWN' } }])
    }
    expect(await store.getUser(ALICE as never)).toMatchObject({ id: ALICE, role: 'resident' })
    expect(await call('session', { action: 'whoami', data: {} }, { openid: ALICE })).toEqual({ ok: true, data: { user: { id: ALICE, role: 'resident', displayName: '微信用户' } } })
    for (const name of NAMES) expect([name, instances.get(name)!.stderr()]).toEqual([name, ''])
  })

  it('each serves exactly its own handler table (each entry imports only its own, to keep its bundle small)', async () => {
    // A throwaway resident: an action without input may act on the caller's own account.
    const probe = 'oProbeWiring000000000000000'
    for (const name of NAMES) {
      for (const action of Object.keys(FUNCTIONS[name as keyof typeof FUNCTIONS])) {
        const reply = await call(name, { action, data: {} }, { openid: probe })
        expect([name, action, reply.ok ? 'ok' : reply.error.code]).not.toEqual([name, action, 'ACTION.UNKNOWN'])
      }
      const other = NAMES.find((n) => n !== name && !(Object.keys(FUNCTIONS[n as keyof typeof FUNCTIONS])[0] in FUNCTIONS[name as keyof typeof FUNCTIONS]))!
      const foreign = Object.keys(FUNCTIONS[other as keyof typeof FUNCTIONS])[0]
      expect([name, foreign, await call(name, { action: foreign, data: {} }, { openid: probe })]).toMatchObject([name, foreign, { ok: false, error: { code: 'ACTION.UNKNOWN' } }])
    }
  })

  it('takes the OPENID from the environment the platform sets, and ignores one put in the event', async () => {
    const smuggled = { action: 'whoami', data: {}, OPENID: BOB, openid: BOB, userInfo: { openId: BOB, appId: 'wx0' } }
    expect(await call('session', smuggled, { openid: ALICE })).toMatchObject({ ok: true, data: { user: { id: ALICE } } })
    expect(await call('session', smuggled)).toEqual({ ok: true, data: { user: null } })
    expect(await call('persons', { action: 'list', data: {}, OPENID: BOB })).toMatchObject({ ok: false, error: { code: 'AUTH.REQUIRED' } })
    expect(await store.getUser(BOB as never)).toBeNull()
  })

  it('runs the reminders timer trigger without a caller, and refuses a caller posing as the timer', async () => {
    const timer = { Type: 'Timer', TriggerName: 'reminders-every-5-minutes', Time: new Date().toISOString() }
    expect(Object.keys(ok<Record<string, number>>(await call('reminders', timer))).sort()).toEqual(['closed', 'failed', 'noSubscription', 'planned', 'retried', 'sent', 'waiting'])
    expect(await call('reminders', timer, { openid: ALICE })).toMatchObject({ ok: false, error: { code: 'ACTION.UNKNOWN' } })
  })

  it('signs a person up, shows the ticket and checks it in at the organizer’s scan, across four functions', async () => {
    ok(await call('account', { action: 'agreePrivacy', data: { version: PRIVACY_NOTICE_VERSION } }, { openid: ALICE }))
    const person = ok<PersonView>(
      await call('persons', { action: 'create', data: { name: '王奶奶', birthYear: 1950, targetGroup: 'senior', areaId: AREA, isSelf: false, proxyConsent: true } }, { openid: ALICE }),
    )
    const registration = ok<RegistrationView>(await call('registrations', { action: 'signUp', data: { activityId: OPEN, personId: person.id } }, { openid: ALICE }))
    expect(registration).toMatchObject({ activityId: OPEN, personName: '王奶奶', status: 'confirmed' })
    const { tickets } = ok<{ tickets: Array<{ registrationId: string; code: string }> }>(await call('checkin', { action: 'myTickets', data: {} }, { openid: ALICE }))
    const ticket = tickets.find((t) => t.registrationId === registration.id)!
    expect(ticket).toBeDefined()

    // A resident cannot check anyone in; the activity's organizer can, once.
    const scan = (nonce: string) => ({ action: 'scan', data: { activityId: OPEN, code: ticket.code, nonce, deviceId: 'desk-01' } })
    expect(await call('checkin', scan('nonce-resident-1'), { openid: ALICE })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    expect(ok(await call('checkin', scan('nonce-organizer-1'), { openid: ORGANIZER }))).toMatchObject({ verdict: 'ok', name: '王奶奶', operatorName: '科协组织者' })
    expect(ok(await call('checkin', scan('nonce-organizer-2'), { openid: ORGANIZER }))).toMatchObject({ verdict: 'already' })
    expect(await store.getRegistration(registration.id as never)).toMatchObject({ attendance: 'attended', status: 'confirmed' })
    expect(await store.listCheckInsByActivity(OPEN)).toHaveLength(1)
  })

  it('gives the last seat to exactly one of two callers served by two instances at once', async () => {
    for (const openid of [ALICE, BOB]) ok(await call('account', { action: 'agreePrivacy', data: { version: PRIVACY_NOTICE_VERSION } }, { openid }))
    const personOf = async (openid: string, name: string) =>
      ok<PersonView>(await call('persons', { action: 'create', data: { name, birthYear: 1980, targetGroup: 'public', areaId: AREA, isSelf: true } }, { openid })).id
    const [alicePerson, bobPerson] = [await personOf(ALICE, '艾丽丝'), await personOf(BOB, '鲍勃')]
    const replies = await Promise.all([
      instances.get('registrations')!.call({ action: 'signUp', data: { activityId: LAST_SEAT, personId: alicePerson } }, { openid: ALICE }),
      registrationsB.call({ action: 'signUp', data: { activityId: LAST_SEAT, personId: bobPerson } }, { openid: BOB }),
    ])
    const outcomes = replies.map((r) => (r.ok ? (r.data as RegistrationView).status : r.error.code)).sort()
    expect(outcomes).toEqual(['REGISTRATION.FULL', 'confirmed'])
    expect(await store.getActivity(LAST_SEAT)).toMatchObject({ confirmedCount: 1, waitlistCount: 0 })
    expect((await store.listRegistrationsByActivity(LAST_SEAT)).map((r) => r.status)).toEqual(['confirmed'])
  })
})
