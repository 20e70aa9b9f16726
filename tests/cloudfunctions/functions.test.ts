// The deployable bundles, loaded in this process: each cloudfunctions/<name>/index.js on its own, with
// `wx-server-sdk` swapped for a small wrapper whose database() is the real SDK's, on the local
// CloudBase server (a fresh database per test), and whose getWXContext() reports the caller's OPENID.
// deployed.test.ts runs the same bundles as deployed: a folder each, a fresh Node process, the real SDK.

import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'
import { createCloudBaseStore } from '../../cloud/cloudbase-store'
import type { WxServerSdk } from '../../cloud/cloudbase-types'
import { deriveActivityKey, fromBase64url, parseCode, ticketMacValid, type ParsedCode } from '../../src/domain/checkin/codes'
import type { PersonView, RegistrationView } from '../../src/domain/contracts'
import { FUNCTIONS, type Reply } from '../../src/handlers'
import { openSdkDb } from '../support/cloudbase-sdk'
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/privacy/notice'
import { activityId, areaId, makeActivity, makeArea } from '../support/factories'

const ROOT = path.resolve(__dirname, '../..')
const NAMES = Object.keys(FUNCTIONS).sort()
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
const HOUR_MS = 3_600_000

type Main = (event: unknown, context?: unknown) => Promise<Reply>

/** The SDK wrapper: one database for all functions, and an OPENID the test can change per call. */
async function makeSdk() {
  const opened = await openSdkDb()
  const { db } = opened
  const inits: unknown[] = []
  const caller: { openid: string | undefined } = { openid: undefined }
  const sdk: WxServerSdk = {
    init: (config) => void inits.push(config),
    DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV'),
    database: () => db,
    getWXContext: () => ({ OPENID: caller.openid, APPID: 'wx0000000000000000' }),
  }
  return { sdk, db, inits, caller, close: () => opened.close() }
}

/** What the cloud installs for a function besides the SDK: the other dependencies of its package.json. */
function installedBy(name: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudfunctions', name, 'package.json'), 'utf8'))
  return Object.keys(pkg.dependencies ?? {}).filter((id) => id !== 'wx-server-sdk')
}

/** Loads one bundle the way Node would, with a require that knows built-ins, the SDK and its package.json. */
function loadBundle(name: string, sdk: WxServerSdk): { main: Main; required: string[] } {
  const file = path.join(ROOT, 'cloudfunctions', name, 'index.js')
  const required: string[] = []
  const installed = new Set(installedBy(name))
  const bundleRequire = (id: string): unknown => {
    required.push(id)
    if (id === 'wx-server-sdk') return sdk
    if (BUILTINS.has(id) || installed.has(id)) return require(id)
    throw new Error(`bundle ${name} requires ${id}, which a deployed function cannot reach`)
  }
  const module = { exports: {} as { main?: Main } }
  // Compiled in the test's own realm, so values compare with the usual matchers.
  const run = new Function('exports', 'require', 'module', '__filename', '__dirname', fs.readFileSync(file, 'utf8'))
  run(module.exports, bundleRequire, module, file, path.dirname(file))
  if (typeof module.exports.main !== 'function') throw new Error(`bundle ${name} exports no main`)
  return { main: module.exports.main, required }
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-functions.mjs')], { cwd: ROOT, stdio: 'pipe' })
}, 120_000)

describe('built cloud function folders', () => {
  let loadSdk: Awaited<ReturnType<typeof makeSdk>>
  beforeAll(async () => {
    loadSdk = await makeSdk()
  })
  afterAll(() => loadSdk.close())
  it('has one entry in cloud/functions per handler table, and no entry without one', () => {
    // An entry without a table would build, deploy, and then throw at every cold start.
    const entries = fs
      .readdirSync(path.join(ROOT, 'cloud', 'functions'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
      .sort()
    expect(entries).toEqual(NAMES)
  })

  it('has one folder per handler table, each with index.js, package.json and config.json', () => {
    for (const name of NAMES) {
      const dir = path.join(ROOT, 'cloudfunctions', name)
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
      expect(pkg).toMatchObject({ main: 'index.js', dependencies: { 'wx-server-sdk': expect.stringMatching(/^~\d+\.\d+\.\d+$/) } })
      // Only the poster function carries a package of its own (sharp, to decode and resize images).
      expect(Object.keys(pkg.dependencies)).toEqual(name === 'uploads' ? ['wx-server-sdk', 'sharp'] : ['wx-server-sdk'])
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toHaveProperty('permissions')
      expect(fs.statSync(path.join(dir, 'index.js')).size).toBeGreaterThan(0)
    }
  })

  it('leaves no relative or package requires in a bundle, only node built-ins, wx-server-sdk and its package.json', () => {
    for (const name of NAMES) {
      const code = fs.readFileSync(path.join(ROOT, 'cloudfunctions', name, 'index.js'), 'utf8')
      const literal = [...code.matchAll(/\brequire\(\s*(["'`])([^"'`]+)\1\s*\)/g)].map((m) => m[2])
      const allowed = new Set(['wx-server-sdk', ...installedBy(name)])
      expect(literal.filter((id) => !allowed.has(id) && !BUILTINS.has(id))).toEqual([])
      expect(code).not.toMatch(/\brequire\(\s*["'`]\.{1,2}\//)

      const { required } = loadBundle(name, loadSdk.sdk)
      expect(required).toContain('wx-server-sdk')
      expect(required.filter((id) => !allowed.has(id) && !BUILTINS.has(id))).toEqual([])
    }
  })
})

describe('cloud functions end to end', () => {
  let env: Awaited<ReturnType<typeof makeSdk>>
  let fns: Record<string, Main>
  const call = (fn: string, openid: string | undefined, event: unknown): Promise<Reply> => {
    env.caller.openid = openid
    return fns[fn](event, {})
  }
  const ok = <T>(reply: Reply): T => {
    if (!reply.ok) throw new Error(`expected ok, got ${JSON.stringify(reply.error)}`)
    return reply.data as T
  }

  const ALICE = 'oAlice_0000000000000000000001'
  const BOB = 'oBob_00000000000000000000000002'
  const AREA = areaId('huancuilou')
  const ACTIVITY = activityId('smart-senior-1')

  // The check-in master key is read from the function's environment when the bundle loads.
  const SIGNING_KEY = 'AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA'
  let savedKey: string | undefined
  beforeAll(() => {
    savedKey = process.env.KEPU_SIGNING_KEY
    process.env.KEPU_SIGNING_KEY = SIGNING_KEY
  })
  afterAll(() => {
    if (savedKey === undefined) delete process.env.KEPU_SIGNING_KEY
    else process.env.KEPU_SIGNING_KEY = savedKey
  })

  afterEach(() => env.close())
  beforeEach(async () => {
    env = await makeSdk()
    fns = Object.fromEntries(NAMES.map((n) => [n, loadBundle(n, env.sdk).main]))
    // The entries run on the real clock, so the activity is placed around now.
    const now = Date.now()
    const iso = (hours: number) => new Date(now + hours * HOUR_MS).toISOString()
    const seed = createCloudBaseStore(env.db)
    await seed.putArea(makeArea({ id: AREA }))
    await seed.putActivity(
      makeActivity({
        id: ACTIVITY,
        areaId: AREA,
        title: '智慧助老：手机课堂',
        startAt: iso(72),
        endAt: iso(74),
        signupOpensAt: iso(-24),
        signupClosesAt: iso(48),
        createdAt: iso(-48),
        updatedAt: iso(-48),
      }),
    )
  })

  it('initialises the SDK once per loaded bundle with the dynamic current environment', async () => {
    expect(env.inits).toEqual(NAMES.map(() => ({ env: env.sdk.DYNAMIC_CURRENT_ENV })))
    await call('session', ALICE, { action: 'whoami', data: {} })
    await call('session', ALICE, { action: 'whoami', data: {} })
    expect(env.inits).toHaveLength(NAMES.length)
  })

  it('turns an OPENID seen for the first time into a resident account', async () => {
    const reply = await call('session', ALICE, { action: 'whoami', data: {} })
    expect(reply).toEqual({ ok: true, data: { user: { id: ALICE, role: 'resident', displayName: '微信用户' } } })
    const stored = await createCloudBaseStore(env.db).getUser(ALICE as never)
    expect(stored).toMatchObject({ id: ALICE, role: 'resident', displayName: '微信用户' })
    expect(Date.parse(stored!.createdAt)).not.toBeNaN()
  })

  it('keeps an existing account as it is', async () => {
    await createCloudBaseStore(env.db).putUser({ id: BOB as never, role: 'admin', displayName: '区科协管理员', createdAt: '2026-01-01T00:00:00.000Z' })
    expect(await call('session', BOB, { action: 'whoami' })).toEqual({
      ok: true,
      data: { user: { id: BOB, role: 'admin', displayName: '区科协管理员' } },
    })
  })

  it('treats a call without an OPENID as anonymous', async () => {
    expect(await call('session', undefined, { action: 'whoami', data: {} })).toEqual({ ok: true, data: { user: null } })
    expect(await call('persons', undefined, { action: 'list', data: {} })).toMatchObject({ ok: false, error: { code: 'AUTH.REQUIRED' } })
    expect(ok<{ items: unknown[] }>(await call('activities', undefined, { action: 'list', data: {} })).items).toHaveLength(1)
  })

  it('creates a person, signs them up and lists the registration, across three functions', async () => {
    // The privacy notice is agreed (account function) before any personal data is collected.
    expect(await call('persons', ALICE, { action: 'create', data: { name: '王奶奶', birthYear: 1950, targetGroup: 'senior', areaId: AREA, proxyConsent: true } })).toMatchObject({
      ok: false,
      error: { code: 'PRIVACY.NOT_AGREED' },
    })
    ok(await call('account', ALICE, { action: 'agreePrivacy', data: { version: PRIVACY_NOTICE_VERSION } }))
    const person = ok<PersonView>(
      await call('persons', ALICE, {
        action: 'create',
        data: { name: '王奶奶', birthYear: 1950, targetGroup: 'senior', areaId: AREA, isSelf: false, proxyConsent: true },
      }),
    )
    expect(person).toMatchObject({ name: '王奶奶', areaId: AREA })

    const registration = ok<RegistrationView>(
      await call('registrations', ALICE, { action: 'signUp', data: { activityId: ACTIVITY, personId: person.id } }),
    )
    expect(registration).toMatchObject({ activityId: ACTIVITY, personId: person.id, personName: '王奶奶', status: 'confirmed' })

    const mine = ok<Array<{ id: string; activity: { id: string; seatsLeft: number } }>>(
      await call('registrations', ALICE, { action: 'listMine', data: {} }),
    )
    expect(mine.map((r) => [r.id, r.activity.id, r.activity.seatsLeft])).toEqual([[registration.id, ACTIVITY, 29]])

    const detail = ok<{ mine: RegistrationView[] }>(await call('activities', ALICE, { action: 'get', data: { id: ACTIVITY } }))
    expect(detail.mine.map((r) => r.id)).toEqual([registration.id])

    // Somebody else neither sees nor can use Alice's person.
    expect(ok<PersonView[]>(await call('persons', BOB, { action: 'list', data: {} }))).toEqual([])
    expect(await call('registrations', BOB, { action: 'signUp', data: { activityId: ACTIVITY, personId: person.id } })).toMatchObject({
      ok: false,
      error: { code: 'PERSON.NOT_MANAGED' },
    })
    expect(await call('registrations', BOB, { action: 'cancel', data: { registrationId: registration.id } })).toMatchObject({
      ok: false,
      error: { code: 'REGISTRATION.NOT_YOURS' },
    })
  })

  it('shows a signed-up person’s ticket through the checkin function, signed with the configured key', async () => {
    ok(await call('account', ALICE, { action: 'agreePrivacy', data: { version: PRIVACY_NOTICE_VERSION } }))
    const person = ok<PersonView>(
      await call('persons', ALICE, { action: 'create', data: { name: '王奶奶', birthYear: 1950, targetGroup: 'senior', areaId: AREA, isSelf: false, proxyConsent: true } }),
    )
    const registration = ok<RegistrationView>(
      await call('registrations', ALICE, { action: 'signUp', data: { activityId: ACTIVITY, personId: person.id } }),
    )
    const mine = ok<{ tickets: Array<{ registrationId: string; code: string; checkedInAt: string | null }> }>(
      await call('checkin', ALICE, { action: 'myTickets', data: {} }),
    )
    expect(mine.tickets).toHaveLength(1)
    expect(mine.tickets[0]).toMatchObject({ registrationId: registration.id, checkedInAt: null })
    const parsed = parseCode(mine.tickets[0].code)
    expect(parsed).toMatchObject({ kind: 'ticket', activityId: ACTIVITY, registrationId: registration.id })
    const key = deriveActivityKey(fromBase64url(SIGNING_KEY)!, ACTIVITY)
    expect(ticketMacValid(key, parsed as Extract<ParsedCode, { kind: 'ticket' }>)).toBe(true)
    expect(ok<{ tickets: unknown[] }>(await call('checkin', BOB, { action: 'myTickets', data: {} })).tickets).toEqual([])
    expect(await call('checkin', undefined, { action: 'myTickets', data: {} })).toMatchObject({ ok: false, error: { code: 'AUTH.REQUIRED' } })
  })

  it('refuses identity smuggled into event.data and ignores identity elsewhere in the event', async () => {
    expect(await call('session', ALICE, { action: 'whoami', data: { userId: BOB } })).toMatchObject({
      ok: false,
      error: { code: 'INPUT.INVALID' },
    })
    expect(
      await call('persons', ALICE, {
        action: 'create',
        data: { name: '冒名者', birthYear: 1980, targetGroup: 'public', areaId: AREA, ownerId: BOB },
      }),
    ).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } })
    expect(await call('persons', BOB, { action: 'list', data: {} })).toEqual({ ok: true, data: [] })

    // WeChat adds userInfo to the event; identity still comes only from getWXContext().
    const reply = await call('session', ALICE, { action: 'whoami', data: {}, userInfo: { openId: BOB, appId: 'wx0' } })
    expect(reply).toMatchObject({ ok: true, data: { user: { id: ALICE } } })
  })

  it('runs the reminder scheduler on the reminders function’s timer trigger, and only there', async () => {
    ok(await call('account', ALICE, { action: 'agreePrivacy', data: { version: PRIVACY_NOTICE_VERSION } }))
    const timer = { Type: 'Timer', TriggerName: 'reminders-every-5-minutes', Time: new Date().toISOString() }
    const report = ok<Record<string, number>>(await call('reminders', undefined, timer))
    expect(Object.keys(report).sort()).toEqual(['closed', 'failed', 'noSubscription', 'planned', 'retried', 'sent', 'waiting'])
    // A caller cannot pose as the timer: with an OPENID the event is an ordinary (unknown) action.
    expect(await call('reminders', ALICE, timer)).toMatchObject({ ok: false, error: { code: 'ACTION.UNKNOWN' } })
    // Other functions have no timer work.
    expect(await call('persons', undefined, timer)).toMatchObject({ ok: false, error: { code: 'ACTION.UNKNOWN' } })
  })

  it('answers ACTION.UNKNOWN for an action the function does not have', async () => {
    for (const event of [{ action: 'dropTables', data: {} }, { data: {} }, { action: 'signUp' }, undefined]) {
      expect(await call('session', ALICE, event)).toMatchObject({ ok: false, error: { code: 'ACTION.UNKNOWN' } })
    }
    expect(await call('persons', ALICE, { action: 'toString', data: {} })).toMatchObject({ ok: false, error: { code: 'ACTION.UNKNOWN' } })
  })

  it('invites an organizer with a mini-program code and makes the resident who redeems it one, through the staff function', async () => {
    // The staff bundle with an SDK that renders mini-program codes (the openapi permission is in its config.json).
    const rendered: Array<{ scene: string; page: string }> = []
    const sdk: WxServerSdk = {
      ...env.sdk,
      openapi: { wxacode: { getUnlimited: async ({ scene, page }) => (rendered.push({ scene, page }), { buffer: new Uint8Array([137, 80, 78, 71]) }) } },
    }
    const staff = loadBundle('staff', sdk).main
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudfunctions', 'staff', 'config.json'), 'utf8')).permissions.openapi).toContain('wxacode.getUnlimited')
    await createCloudBaseStore(env.db).putUser({ id: BOB as never, role: 'admin', displayName: '区科协管理员', createdAt: '2026-01-01T00:00:00.000Z' })
    env.caller.openid = BOB
    const made = ok<{ code: string; scene: string; image: string | null }>(await staff({ action: 'invite', data: { departmentCode: 'nongye' } }))
    expect(rendered).toEqual([{ scene: `o=${made.code}`, page: 'packages/staff/pages/join/index' }])
    expect(made.image).toBe('iVBORw')
    env.caller.openid = ALICE
    expect(ok(await staff({ action: 'redeem', data: { code: made.code } }))).toMatchObject({ user: { id: ALICE, role: 'organizer', departmentCode: 'nongye' }, departmentName: '区农业农村局' })
    expect(await call('session', ALICE, { action: 'whoami', data: {} })).toMatchObject({ data: { user: { role: 'organizer', departmentCode: 'nongye' } } })
    env.caller.openid = BOB
    const list = ok<{ staff: Array<{ userId: string; grantedByName: string }> }>(await staff({ action: 'list', data: { departmentCode: 'nongye' } }))
    expect(list.staff).toMatchObject([{ userId: ALICE, grantedByName: '区科协管理员' }])
  })
})
