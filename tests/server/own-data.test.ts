// Own-data rights through the real gateway: the privacy notice, export, deleting a person or the
// whole account (registrations anonymized, ledger facts kept), and a parent taking over their record.
import readXlsxFile from 'read-excel-file/node'
import { registrationIdFor } from '../../src/domain/ids'
import { ANONYMIZED_USER_ID } from '../../src/domain/privacy/anonymize'
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/privacy/notice'
import { startHarness, type Harness } from '../support/server-harness'
import { agreePrivacy, buildWorld, WORLD } from '../support/world'
import { at, makeUser, userId } from '../support/factories'

const U = WORLD.users
const P = WORLD.persons
const A = WORLD.activities
const START = at(7 * 24)
const AFTER = at(7 * 24 + 3)
const GRANDMA = userId('grandma')

const fileOf = (reply: { data: { base64: string } }) => Buffer.from(reply.data.base64, 'base64')

describe('own-data rights', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
    await h.store.putUser(makeUser({ id: GRANDMA, displayName: '赵桂英' }))
  })
  afterEach(() => h.close())

  /** The mother signed up for the open activity and checked in by the organizer; the clock then after its end. */
  async function motherAttended(): Promise<string> {
    const reg = await h.call('registrations', 'signUp', { activityId: A.open, personId: P.residentMother }, U.resident)
    h.setNow(START)
    expect(await h.call('checkin', 'tick', { activityId: A.open, registrationId: reg.data.id, reason: '现场核对', nonce: 'nonce-own-0001', deviceId: 'dev-own' }, U.organizer)).toMatchObject({ ok: true })
    h.setNow(AFTER)
    return reg.data.id
  }

  describe('privacy notice', () => {
    it('records the agreement with its version and time, once', async () => {
      expect(await h.call('account', 'privacyStatus', {}, GRANDMA)).toEqual({ ok: true, data: { version: PRIVACY_NOTICE_VERSION, agreedAt: null } })
      expect(await h.call('account', 'agreePrivacy', { version: PRIVACY_NOTICE_VERSION }, GRANDMA)).toEqual({ ok: true, data: { version: PRIVACY_NOTICE_VERSION, agreedAt: at(1) } })
      h.setNow(at(2))
      expect(await h.call('account', 'agreePrivacy', { version: PRIVACY_NOTICE_VERSION }, GRANDMA)).toMatchObject({ data: { agreedAt: at(1) } })
      expect(await h.store.listConsentsByUser(GRANDMA)).toMatchObject([{ kind: 'privacy_notice', version: PRIVACY_NOTICE_VERSION, at: at(1) }])
      expect(await h.call('persons', 'create', { name: '赵桂英', birthYear: 1951, targetGroup: 'senior', areaId: WORLD.area, isSelf: true }, GRANDMA)).toMatchObject({ ok: true })
    })

    it('records the proxy consent for another adult and shows it with the person', async () => {
      const created = await h.call('persons', 'create', { name: '李建华', birthYear: 1948, targetGroup: 'senior', areaId: WORLD.area, proxyConsent: true }, U.resident)
      expect(created).toMatchObject({ ok: true, data: { isSelf: false, proxyConsentAt: at(1) } })
      const listed = (await h.call('persons', 'list', {}, U.resident)).data.find((p: { id: string }) => p.id === created.data.id)
      expect(listed).toMatchObject({ proxyConsentAt: at(1), guardianConsentAt: null })
      // A child needs the guardian's consent instead, shown as such.
      const child = await h.call('persons', 'create', { name: '李小宇', birthYear: 2017, targetGroup: 'youth', areaId: WORLD.area, guardianConsent: true }, U.resident)
      expect(child).toMatchObject({ ok: true, data: { guardianConsentAt: at(1), proxyConsentAt: null } })
    })
  })

  describe('export', () => {
    it('exports the account, persons, registrations, check-ins and consents as JSON', async () => {
      const regId = await motherAttended()
      const reply = await h.call('account', 'exportData', { format: 'json' }, U.resident)
      expect(reply.data).toMatchObject({ contentType: 'application/json; charset=utf-8', fileName: expect.stringMatching(/^科普环翠_我的数据_.*\.json$/) })
      const data = JSON.parse(fileOf(reply).toString('utf8'))
      expect(data.account).toMatchObject({ id: U.resident })
      expect(data.persons.map((p: { name: string }) => p.name).sort()).toEqual(['resident本人', '赵桂英'].sort())
      expect(data.registrations).toMatchObject([{ id: regId, personName: '赵桂英', activityTitle: '智慧助老 手机课堂', attendance: 'attended' }])
      expect(data.checkIns).toMatchObject([{ registrationId: regId, kind: 'in', method: 'roster' }])
      expect(data.consents).toMatchObject([{ kind: 'privacy_notice', version: PRIVACY_NOTICE_VERSION }])
      // Nobody else's data.
      expect(JSON.stringify(data)).not.toContain('other本人')
    })

    it('exports the same as a workbook with one sheet per kind of record', async () => {
      await motherAttended()
      const sheets = await readXlsxFile(fileOf(await h.call('account', 'exportData', { format: 'xlsx' }, U.resident)))
      expect(sheets.map((s) => s.sheet)).toEqual(['账号', '参与人', '报名记录', '签到记录', '同意记录', '活动提醒'])
      const persons = sheets[1].data
      expect(persons[0]).toEqual(['姓名', '关系', '出生年份', '重点人群', '手机号', '监护人同意日期', '代管同意日期'])
      expect(persons.slice(1).map((r) => r[0])).toEqual(expect.arrayContaining(['赵桂英', 'resident本人']))
    })
  })

  describe('deleting', () => {
    it('deletes a person, anonymizes the registration and keeps the ledger facts', async () => {
      const regId = await motherAttended()
      const factsBefore = await h.store.listFacts()
      expect(factsBefore.map((f) => f.registrationId)).toEqual([regId])

      expect(await h.call('persons', 'remove', { id: P.residentMother }, U.resident)).toEqual({ ok: true, data: { removed: P.residentMother } })
      expect(await h.store.getPerson(P.residentMother)).toBeNull()
      expect(await h.store.getRegistration(regId as never)).toMatchObject({ personId: P.residentMother, ownerId: ANONYMIZED_USER_ID, createdBy: ANONYMIZED_USER_ID, attendance: 'attended' })
      expect(await h.store.listFacts()).toEqual(factsBefore)
      // No name or phone is left anywhere.
      const rowsNaming = h.store.db.prepare("SELECT count(*) AS n FROM persons WHERE name = '赵桂英'").get() as { n: number }
      expect(rowsNaming.n).toBe(0)
      // The registration is no longer the resident's.
      expect((await h.call('registrations', 'listMine', {}, U.resident)).data).toEqual([])
    })

    it('deletes the whole account: user, persons, consents and subscriptions go, facts stay', async () => {
      const regId = await motherAttended()
      await h.call('reminders', 'subscribe', { accepted: ['day_before'] }, U.resident)
      const factsBefore = await h.store.listFacts()
      expect(await h.call('account', 'deleteAccount', { confirm: true }, U.resident)).toEqual({ ok: true, data: { deleted: true, persons: 2, registrationsAnonymized: 1 } })
      expect(await h.store.getUser(U.resident)).toBeNull()
      expect(await h.store.listPersonsByOwner(U.resident)).toEqual([])
      expect(await h.store.listConsentsByUser(U.resident)).toEqual([])
      expect(await h.store.listSubscriptionsByUser(U.resident)).toEqual([])
      expect(await h.store.getRegistration(regId as never)).toMatchObject({ ownerId: ANONYMIZED_USER_ID })
      expect(await h.store.listFacts()).toEqual(factsBefore)
      // The session went with the account.
      expect(await h.call('session', 'whoami', {}, U.resident)).toEqual({ ok: true, data: { user: null } })
    })
  })

  describe('a parent takes over their record', () => {
    it('moves the person and their registrations to the parent’s account with a one-time code', async () => {
      const regId = await motherAttended()
      const made = await h.call('account', 'createLinkCode', { personId: P.residentMother }, U.resident)
      expect(made).toMatchObject({ ok: true, data: { code: expect.stringMatching(/^[A-Z2-9]{8}$/), personName: '赵桂英', expiresAt: at(7 * 24 + 3 + 24) } })
      // The code itself is not stored, only its digest.
      expect(h.snapshot()).not.toContain(made.data.code)

      await agreePrivacy(h.store, GRANDMA)
      const typed = `${made.data.code.slice(0, 4).toLowerCase()} ${made.data.code.slice(4)}`
      expect(await h.call('account', 'redeemLinkCode', { code: typed }, GRANDMA)).toMatchObject({ ok: true, data: { id: P.residentMother, isSelf: true, name: '赵桂英' } })

      expect((await h.call('persons', 'list', {}, GRANDMA)).data).toMatchObject([{ id: P.residentMother, isSelf: true }])
      expect((await h.call('persons', 'list', {}, U.resident)).data.map((p: { id: string }) => p.id)).toEqual([P.resident])
      // Attendance history stays with the person and is now the parent's.
      expect((await h.call('registrations', 'listMine', {}, GRANDMA)).data).toMatchObject([{ id: regId, personName: '赵桂英' }])
      expect(await h.store.getRegistration(regId as never)).toMatchObject({ ownerId: GRANDMA, createdBy: U.resident, attendance: 'attended' })
      // The child no longer manages the person.
      expect(await h.call('registrations', 'signUp', { activityId: A.small, personId: P.residentMother }, U.resident)).toMatchObject({ ok: false, error: { code: 'PERSON.NOT_MANAGED' } })

      // Single use.
      const before = h.snapshot()
      expect(await h.call('account', 'redeemLinkCode', { code: made.data.code }, GRANDMA)).toMatchObject({ ok: false, error: { code: 'LINK.CODE_USED', message: '绑定码已被使用，请让家人重新生成' } })
      expect(h.snapshot()).toBe(before)
    })

    it('refuses a code after 24 hours and writes nothing', async () => {
      const made = await h.call('account', 'createLinkCode', { personId: P.residentMother }, U.resident)
      await agreePrivacy(h.store, GRANDMA)
      h.setNow(at(1 + 24))
      const before = h.snapshot()
      expect(await h.call('account', 'redeemLinkCode', { code: made.data.code }, GRANDMA)).toMatchObject({ ok: false, error: { code: 'LINK.CODE_EXPIRED', message: '绑定码已过期，请让家人重新生成' } })
      expect(h.snapshot()).toBe(before)
      expect(await h.store.getPerson(P.residentMother)).toMatchObject({ ownerId: U.resident, isSelf: false })
    })
  })
})
