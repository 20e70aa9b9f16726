// 评单 through the real gateway on a temporary SQLite file: the account that manages an attended
// registration rates it once and may change it for 7 days; organizers read their unit's ratings, the
// admin any unit's and the satisfaction per project; nobody else reads or writes them.
import { registrationIdFor, type RegistrationId } from '../../src/domain/ids'
import { startHarness, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { activityId, at, makeActivity, makeRegistration } from '../support/factories'

const U = WORLD.users
const P = WORLD.persons
const KX_TALK = activityId('kx-talk')
const FARM = activityId('farm-class')
const END = at(-2)

describe('feedback through the gateway', () => {
  let h: Harness
  let mine: RegistrationId
  let mother: RegistrationId
  let others: RegistrationId
  let notAttended: RegistrationId
  beforeEach(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
    await h.store.putActivity(makeActivity({ id: KX_TALK, title: '防灾减灾科普讲座', departmentCode: 'kx', areaId: WORLD.area, startAt: at(-4), endAt: END, projects: ['project_grassroots'] }))
    await h.store.putActivity(makeActivity({ id: FARM, title: '高素质农民培训', departmentCode: 'nongye', areaId: WORLD.area, startAt: at(-4), endAt: END, projects: ['project_grassroots', 'project_resources'] }))
    const reg = async (activity: typeof KX_TALK, person: (typeof P)[keyof typeof P], owner: (typeof U)[keyof typeof U], attended: boolean) => {
      const r = makeRegistration({ activityId: activity, personId: person, ownerId: owner, createdBy: owner, attendance: attended ? 'attended' : null, checkedInAt: attended ? at(-3.9) : null })
      await h.store.transaction(async (tx) => tx.putRegistration(r))
      return r.id
    }
    mine = await reg(KX_TALK, P.resident, U.resident, true)
    mother = await reg(KX_TALK, P.residentMother, U.resident, true)
    others = await reg(KX_TALK, P.other, U.other, true)
    notAttended = await reg(FARM, P.resident, U.resident, false)
  })
  afterEach(() => h.close())

  const submit = (registrationId: string, rating: unknown, comment?: unknown, as = U.resident) =>
    h.call('feedback', 'submit', { registrationId, rating, ...(comment === undefined ? {} : { comment }) }, as)

  it('rates an attended registration, shows it on the form, and changes it within 7 days', async () => {
    const form = await h.call('feedback', 'get', { registrationId: mine }, U.resident)
    expect(form).toEqual({ ok: true, data: { registrationId: mine, activityId: KX_TALK, activityTitle: '防灾减灾科普讲座', startAt: at(-4), personName: 'resident本人', feedback: null, canRate: true, reason: null } })
    expect(await submit(mine, 4, '  讲得很实用  ')).toEqual({ ok: true, data: { registrationId: mine, rating: 4, comment: '讲得很实用', createdAt: at(1), updatedAt: at(1), editableUntil: at(1 + 7 * 24) } })
    h.setNow(at(1 + 7 * 24))
    expect(await submit(mine, 5, '')).toMatchObject({ ok: true, data: { rating: 5, comment: null, createdAt: at(1), updatedAt: at(1 + 7 * 24) } })
    expect((await h.call('feedback', 'get', { registrationId: mine }, U.resident)).data.feedback).toMatchObject({ rating: 5, comment: null })
    h.setNow(at(1 + 7 * 24 + 0.01))
    expect(await submit(mine, 1)).toMatchObject({ ok: false, error: { code: 'FEEDBACK.CLOSED' } })
    expect((await h.call('feedback', 'get', { registrationId: mine }, U.resident)).data).toMatchObject({ canRate: false, reason: '评价已超过7天，不能再修改', feedback: { rating: 5 } })
  })

  it('lets a parent rate the registration of a family member they manage', async () => {
    expect(await submit(mother, 5, '妈妈说学会了用健康码')).toMatchObject({ ok: true, data: { rating: 5 } })
  })

  it('refuses a registration not attended, someone else’s, one too late, and bad ratings, writing nothing', async () => {
    const before = h.snapshot()
    expect(await submit(notAttended, 5)).toMatchObject({ ok: false, error: { code: 'FEEDBACK.NOT_ATTENDED' } })
    // Someone else's registration reads as missing.
    expect(await submit(others, 5)).toMatchObject({ ok: false, error: { code: 'REGISTRATION.NOT_FOUND' } })
    expect(await h.call('feedback', 'get', { registrationId: others }, U.resident)).toMatchObject({ ok: false, error: { code: 'REGISTRATION.NOT_FOUND' } })
    expect(await submit(registrationIdFor(KX_TALK, P.organizer), 5)).toMatchObject({ ok: false, error: { code: 'REGISTRATION.NOT_FOUND' } })
    for (const rating of [0, 6, 3.5, '5', null]) expect(await submit(mine, rating)).toMatchObject({ ok: false, error: { code: 'FEEDBACK.RATING', field: 'rating' } })
    expect(await submit(mine, 4, '好'.repeat(301))).toMatchObject({ ok: false, error: { code: 'FEEDBACK.COMMENT', field: 'comment' } })
    expect(h.snapshot()).toBe(before)
    // 300 characters (not UTF-16 units) is the most.
    expect(await submit(mine, 4, '𠀀'.repeat(300))).toMatchObject({ ok: true })
    // 30 days after the end, a first rating is too late.
    h.setNow(at(-2 + 30 * 24 + 0.01))
    expect(await submit(mother, 5)).toMatchObject({ ok: false, error: { code: 'FEEDBACK.TOO_LATE' } })
  })

  it('summarizes for the unit’s organizer and the admin: average, distribution, comments, per activity and per project', async () => {
    await submit(mine, 4, '讲得很实用')
    await submit(mother, 5)
    h.setNow(at(1.5))
    await submit(others, 2, '声音太小，后排听不清', U.other)
    const s = await h.call('feedback', 'summary', { activityId: KX_TALK }, U.organizer)
    expect(s).toEqual({
      ok: true,
      data: {
        label: '防灾减灾科普讲座',
        departmentCode: 'kx',
        total: { count: 3, average: 3.7, satisfiedPercent: 67, distribution: [0, 1, 0, 1, 1] },
        comments: [
          { rating: 2, comment: '声音太小，后排听不清', at: at(1.5), activityId: KX_TALK, activityTitle: '防灾减灾科普讲座' },
          { rating: 4, comment: '讲得很实用', at: at(1), activityId: KX_TALK, activityTitle: '防灾减灾科普讲座' },
        ],
        activities: [],
        projects: [],
      },
    })
    // The organizer's own unit, by default; per activity.
    const unit = (await h.call('feedback', 'summary', {}, U.organizer)).data
    expect(unit).toMatchObject({ label: '区科学技术协会', departmentCode: 'kx', total: { count: 3 }, activities: [{ activityId: KX_TALK, title: '防灾减灾科普讲座', count: 3, average: 3.7 }] })
    // Another unit's activity and another unit are not theirs.
    expect(await h.call('feedback', 'summary', { activityId: FARM }, U.organizer)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    expect(await h.call('feedback', 'summary', { departmentCode: 'nongye' }, U.organizer)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
    // The admin: any unit, the district, and per project.
    expect((await h.call('feedback', 'summary', { departmentCode: 'nongye' }, U.admin)).data).toMatchObject({ label: '区农业农村局', total: { count: 0, average: null }, activities: [] })
    const district = (await h.call('feedback', 'summary', { byProject: true }, U.admin)).data
    expect(district.label).toBe('全区')
    expect(district.projects).toEqual([
      { project: 'project_resources', name: '科技资源科普化工程', count: 0, average: null, satisfiedPercent: null, distribution: [0, 0, 0, 0, 0] },
      { project: 'project_informatization', name: '科普信息化提升工程', count: 0, average: null, satisfiedPercent: null, distribution: [0, 0, 0, 0, 0] },
      { project: 'project_infrastructure', name: '科普基础设施建设工程', count: 0, average: null, satisfiedPercent: null, distribution: [0, 0, 0, 0, 0] },
      { project: 'project_grassroots', name: '基层科普能力提升工程', count: 3, average: 3.7, satisfiedPercent: 67, distribution: [0, 1, 0, 1, 1] },
    ])
    expect(await h.call('feedback', 'summary', { departmentCode: 'nowhere' }, U.admin)).toMatchObject({ ok: false, error: { code: 'STAFF.UNKNOWN_UNIT' } })
    expect(await h.call('feedback', 'summary', {}, U.resident)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } })
  })

  it('removes an account’s ratings when it is deleted, leaving the others', async () => {
    await submit(mine, 4, '讲得很实用')
    await submit(others, 2, '声音太小', U.other)
    h.setNow(at(2))
    // The resident's open sign-up ahead would block deletion; this world's resident has none past at(2) after cancelling.
    for (const r of await h.store.listRegistrationsByOwner(U.resident)) {
      const a = await h.store.getActivity(r.activityId)
      if (a && a.startAt > at(2) && r.status !== 'cancelled') await h.store.transaction(async (tx) => tx.putRegistration({ ...r, status: 'cancelled', cancelledAt: at(2) }))
    }
    const deleted = await h.call('account', 'deleteAccount', { confirm: true }, U.resident)
    expect(deleted.error ?? null).toBeNull()
    const left = (await h.call('feedback', 'summary', { activityId: KX_TALK }, U.admin)).data
    expect(left.total).toMatchObject({ count: 1, distribution: [0, 1, 0, 0, 0] })
    expect(JSON.stringify(left)).not.toContain('讲得很实用')
  })
})
