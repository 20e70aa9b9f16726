// The plan ledger through the gateway: figures counted from check-ins, scoped views, drill-down,
// indicator editing with an audit trail, entered figures and a successor plan.
import { deriveActivityKey, slotAt, ticketCode } from '../../src/domain/checkin/codes'
import type { ActivityId, PersonId, RegistrationId, UserId } from '../../src/domain/ids'
import { shanghaiInstant } from '../../src/domain/time'
import { startHarness, TEST_SIGNING_KEY, type Harness } from '../support/server-harness'
import { agreePrivacy, buildWorld, WORLD } from '../support/world'
import readXlsxFile from 'read-excel-file/node'
import { makeActivity, makePerson, makeUser, userId } from '../support/factories'
import { makeCompletion } from '../support/course-factories'

const U = WORLD.users
const card = (view: any, suffix: string) => view.cards.find((c: any) => c.id.endsWith(suffix))

/** An activity in the plan period with people checked in through the real scan path. */
async function heldActivity(h: Harness, id: string, start: string, over: Parameters<typeof makeActivity>[0], attendees: { person: string; owner: UserId; group?: any }[]) {
  const startMs = Date.parse(start)
  const iso = (hours: number) => new Date(startMs + hours * 3_600_000).toISOString()
  await h.store.putActivity(makeActivity({ id: id as ActivityId, startAt: start, endAt: iso(2), signupOpensAt: iso(-100), signupClosesAt: iso(-1), areaId: WORLD.area, ...over }))
  h.setNow(iso(-50))
  for (const a of attendees) {
    if (!(await h.store.getPerson(a.person as PersonId))) await h.store.putPerson(makePerson({ id: a.person as PersonId, ownerId: a.owner, areaId: WORLD.area, targetGroup: a.group ?? 'public', isSelf: false }))
    await h.call('registrations', 'signUp', { activityId: id, personId: a.person }, a.owner)
  }
  h.setNow(iso(0.5))
  const key = deriveActivityKey(TEST_SIGNING_KEY, id as ActivityId)
  let n = 0
  for (const a of attendees) {
    const reg = `reg-${id}-${a.person}` as RegistrationId
    await h.call('checkin', 'scan', { activityId: id, code: ticketCode(key, id as ActivityId, reg, slotAt(iso(0.5))), nonce: `ledger-${id}-${++n}-nonce`, deviceId: 'dev-ledger' }, U.admin)
  }
}

describe('the plan ledger', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness(shanghaiInstant(2021, 3, 1))
    await buildWorld(h.store)
    await h.store.putUser(makeUser({ id: userId('farmer'), displayName: '刘建国' }))
    await agreePrivacy(h.store, userId('farmer'))
    // 高素质农民: the same farmer in 2021 and 2023, another in 2023; a no-show in 2023.
    await heldActivity(h, 'act-f21', shanghaiInstant(2021, 4, 16, 9), { tags: ['high_quality_farmer'], departmentCode: 'nongye', type: 'training' }, [{ person: 'per-liu', owner: userId('farmer'), group: 'farmer' }])
    await heldActivity(h, 'act-f23', shanghaiInstant(2023, 6, 11, 9), { tags: ['high_quality_farmer'], departmentCode: 'nongye', type: 'training' }, [
      { person: 'per-liu', owner: userId('farmer'), group: 'farmer' },
      { person: 'per-wang', owner: userId('farmer'), group: 'farmer' },
    ])
    h.setNow(shanghaiInstant(2025, 7, 1, 12))
  })
  afterEach(() => h.close())

  it('counts unique farmers over the plan and person-times by group, from check-ins', async () => {
    const d = (await h.call('ledger', 'dashboard', {}, U.admin)).data
    expect(d.plan.id).toBe('plan-2021-2025')
    expect(card(d, 'farmers')).toMatchObject({ value: 2, target: 500, status: 'behind' })
    expect(card(d, 'person-times-farmer').value).toBe(3)
    expect(d.byTargetGroup).toEqual([expect.objectContaining({ key: 'farmer', label: '农民', value: 3 })])
    expect(d.byMonth.map((r: any) => [r.key, r.value])).toEqual([['2021-04', 1], ['2023-06', 2]])
    expect(d.byDepartment).toEqual([expect.objectContaining({ key: 'nongye', label: '区农业农村局', value: 3 })])
  })

  it('scopes an organizer to their own unit and filters by area', async () => {
    const organizer = (await h.call('ledger', 'dashboard', {}, U.organizer)).data // 区科协
    expect(organizer.scope).toMatchObject({ departmentCode: 'kx', label: '区科学技术协会' })
    expect(card(organizer, 'farmers').value).toBe(0)
    const otherArea = (await h.call('ledger', 'dashboard', { areaId: 'area-nowhere' }, U.admin)).data
    expect(card(otherArea, 'farmers').value).toBe(0)
    const thisArea = (await h.call('ledger', 'dashboard', { areaId: WORLD.area }, U.admin)).data
    expect(card(thisArea, 'farmers').value).toBe(2)
  })

  it('drills from a figure to its activities, and admins to the people', async () => {
    await h.call('ledger', 'dashboard', {}, U.admin) // the plan and its indicators are seeded on first use
    const drill = (await h.call('ledger', 'drill', { indicatorId: 'plan-2021-2025-farmers' }, U.admin)).data
    expect(drill.activities.map((a: any) => [a.id, a.facts])).toEqual([['act-f21', 1], ['act-f23', 2]])
    expect(drill.persons.map((p: any) => [p.id, p.facts]).sort()).toEqual([['per-liu', 2], ['per-wang', 1]])
    const month = (await h.call('ledger', 'drill', { indicatorId: 'plan-2021-2025-farmers', cell: { by: 'month', key: '2023-06' } }, U.admin)).data
    expect(month.activities.map((a: any) => a.id)).toEqual(['act-f23'])
    const asOrganizer = (await h.call('ledger', 'drill', { indicatorId: 'plan-2021-2025-farmers' }, U.organizer)).data
    expect(asOrganizer.persons).toBeNull()
  })

  it('exports the indicator table as XLSX with the figures on screen, and CSV with a BOM', async () => {
    const d = (await h.call('ledger', 'dashboard', {}, U.admin)).data
    const file = (await h.call('ledger', 'export', { kind: 'indicators', format: 'xlsx' }, U.admin)).data
    expect(file.fileName).toMatch(/^科普环翠_指标汇总_全区_2025-07-01\.xlsx$/)
    const [sheet] = await readXlsxFile(Buffer.from(file.base64, 'base64'))
    const rows = sheet.data as unknown[][]
    expect(rows[0].slice(0, 2)).toEqual(['指标', '完成值'])
    const farmers = rows.find((r) => r[0] === card(d, 'farmers').name)!
    expect(farmers[1]).toBe(card(d, 'farmers').value)
    const csv = Buffer.from((await h.call('ledger', 'export', { kind: 'departments', format: 'csv', year: 2023 }, U.admin)).data.base64, 'base64')
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.toString('utf8')).toContain('区农业农村局,1,2,2')
  })

  it('edits an indicator with an audit trail and rejects invalid definitions without writing', async () => {
    await h.call('ledger', 'dashboard', {}, U.admin)
    const ind = { id: 'plan-2021-2025-farmers', planId: 'plan-2021-2025', name: '培训高素质农民', unit: '人', rule: 'unique_persons', periodKind: 'plan', target: 600, countingNote: '规划期内参训人数', filters: { tags: ['high_quality_farmer'] } }
    expect((await h.call('ledger', 'saveIndicator', ind, U.admin)).data.target).toBe(600)
    const changes = (await h.call('ledger', 'changes', { indicatorId: ind.id }, U.admin)).data
    expect(changes[0]).toMatchObject({ by: U.admin, before: { target: 500 }, after: { target: 600 } })
    const before = h.snapshot()
    expect(await h.call('ledger', 'saveIndicator', { ...ind, target: -5 }, U.admin)).toMatchObject({ ok: false, error: { code: 'LEDGER.NEGATIVE_TARGET' } })
    expect(await h.call('ledger', 'saveIndicator', { ...ind, filters: { targetGroups: ['pirates'] } }, U.admin)).toMatchObject({ ok: false, error: { code: 'LEDGER.UNKNOWN_FILTER', field: 'filters.targetGroups' } })
    expect(await h.call('ledger', 'copyPlan', { fromPlanId: 'plan-2021-2025', name: '空', from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2026, 1, 1) }, U.admin)).toMatchObject({ ok: false, error: { code: 'LEDGER.EMPTY_PERIOD' } })
    expect(h.snapshot()).toBe(before)
  })

  it('takes entered figures with their source, and copies the indicators into a successor plan', async () => {
    await h.call('ledger', 'dashboard', {}, U.admin)
    await h.call('ledger', 'enterFigure', { indicatorId: 'plan-2021-2025-literacy', value: 18.6, source: '2025年山东省公民科学素质抽样调查', asOf: shanghaiInstant(2025, 6, 1) }, U.admin)
    const d = (await h.call('ledger', 'dashboard', {}, U.admin)).data
    expect(card(d, 'literacy')).toMatchObject({ value: 18.6, target: 18, status: 'on_track', entered: { source: '2025年山东省公民科学素质抽样调查' } })
    expect(await h.call('ledger', 'enterFigure', { indicatorId: 'plan-2021-2025-farmers', value: 1, source: 'x', asOf: shanghaiInstant(2025, 6, 1) }, U.admin)).toMatchObject({ ok: false, error: { code: 'LEDGER.INDICATOR_COMPUTED' } })
    const next = await h.call('ledger', 'copyPlan', { fromPlanId: 'plan-2021-2025', name: '环翠区全民科学素质行动实施方案（2026—2030年）', from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2031, 1, 1) }, U.admin)
    expect(next.data.id).toBe('plan-2026-2030')
    h.setNow(shanghaiInstant(2026, 3, 1))
    const d2 = (await h.call('ledger', 'dashboard', {}, U.admin)).data
    expect(d2.plan.id).toBe('plan-2026-2030')
    expect(d2.cards.length).toBe(d.cards.length)
    expect(d2.cards.find((c: any) => c.name.includes('公民具备科学素质')).entered).toBeNull()
  })

  it('says plainly in December 2026 that no plan is in force, offers admins the successor, and counts 2026 under it once started', async () => {
    h.setNow(shanghaiInstant(2026, 12, 2, 10))
    const ended = (await h.call('ledger', 'dashboard', {}, U.admin)).data
    expect(ended).toMatchObject({ plan: { id: 'plan-2021-2025' }, inForce: false, planInForce: null })
    expect(ended.successor).toEqual({ fromPlanId: 'plan-2021-2025', name: '环翠区全民科学素质行动规划纲要实施方案（2026—2030年）', from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2031, 1, 1) })
    // 本年度 is 2026, which the ended plan does not cover: no figure, and the card says why.
    expect(card(ended, 'science-tutors')).toMatchObject({ period: null, value: null, status: 'no_target', periodNote: expect.stringContaining('2026年') })
    expect(card(ended, 'farmers').value).toBe(2) // the plan's final figure
    // Organizers are told too, but are not offered to start a plan.
    expect((await h.call('ledger', 'dashboard', {}, U.organizer)).data).toMatchObject({ inForce: false, successor: null })

    // A 2026 training counts nowhere until the successor starts.
    await heldActivity(h, 'act-f26', shanghaiInstant(2026, 11, 20, 9), { tags: ['high_quality_farmer', 'science_tutor_training'], departmentCode: 'nongye', type: 'training' }, [{ person: 'per-zhao', owner: userId('farmer'), group: 'farmer' }])
    h.setNow(shanghaiInstant(2026, 12, 2, 10))
    expect(card((await h.call('ledger', 'dashboard', {}, U.admin)).data, 'farmers').value).toBe(2)
    const s = ended.successor
    expect(await h.call('ledger', 'copyPlan', { fromPlanId: s.fromPlanId, name: s.name, from: s.from, to: s.to }, U.admin)).toMatchObject({ ok: true, data: { id: 'plan-2026-2030' } })
    const current = (await h.call('ledger', 'dashboard', {}, U.admin)).data
    expect(current).toMatchObject({ plan: { id: 'plan-2026-2030' }, inForce: true, planInForce: { id: 'plan-2026-2030' }, successor: null })
    expect(current.cards.find((c: any) => c.name.startsWith('培训科技辅导员'))).toMatchObject({ period: { from: shanghaiInstant(2026, 1, 1), to: shanghaiInstant(2027, 1, 1) }, value: 1, periodNote: null })
    expect(current.cards.find((c: any) => c.name.startsWith('培训高素质农民')).value).toBe(1)
    // The ended plan is still there to look at, marked as not in force.
    expect((await h.call('ledger', 'dashboard', { planId: 'plan-2021-2025' }, U.admin)).data).toMatchObject({ inForce: false, planInForce: { id: 'plan-2026-2030' }, successor: null })
  })

  it('counts course completions (结业) once per person in the smartphone-class indicator, with the unit scope', async () => {
    await h.store.transaction(async (tx) => {
      await tx.putCompletion(makeCompletion({ courseId: 'crs-a' as never, personId: 'per-wang' as PersonId, completedAt: shanghaiInstant(2022, 5, 1), departmentCode: 'kx' }))
      await tx.putCompletion(makeCompletion({ courseId: 'crs-b' as never, personId: 'per-wang' as PersonId, completedAt: shanghaiInstant(2024, 5, 1), departmentCode: 'kx' }))
      await tx.putCompletion(makeCompletion({ courseId: 'crs-b' as never, personId: 'per-zhao' as PersonId, completedAt: shanghaiInstant(2024, 5, 1), departmentCode: 'kx' }))
      // Outside the plan period, and a course of another kind: not counted.
      await tx.putCompletion(makeCompletion({ courseId: 'crs-c' as never, personId: 'per-sun' as PersonId, completedAt: shanghaiInstant(2026, 3, 1) }))
      await tx.putCompletion(makeCompletion({ courseId: 'crs-d' as never, personId: 'per-li' as PersonId, types: ['training'], tags: ['other'] }))
    })
    const d = (await h.call('ledger', 'dashboard', {}, U.admin)).data
    expect(card(d, 'smart-class')).toMatchObject({ rule: 'completions', value: 2 })
    const other = (await h.call('ledger', 'dashboard', { departmentCode: 'weijian' }, U.admin)).data
    expect(card(other, 'smart-class').value).toBe(0)
  })
})
