// Table-driven tests of the ledger's counting rules (src/domain/ledger/count.ts).
import { attendanceFacts, breakdown, countCompletions, countFacts, elapsedShare, indicatorStatus, monthLabel, type ActivityFacts, type AttendanceFact, type CompletionFact, type CountSpec } from '../../src/domain/ledger/count'
import { shanghaiInstant } from '../../src/domain/time'

const year = (y: number) => ({ from: shanghaiInstant(y, 1, 1), to: shanghaiInstant(y + 1, 1, 1) })
const PLAN = { from: shanghaiInstant(2021, 1, 1), to: shanghaiInstant(2026, 1, 1) }

function activity(id: string, over: Partial<ActivityFacts> = {}): ActivityFacts {
  return { activityId: id, type: 'training', startAt: shanghaiInstant(2023, 3, 1, 9), cancelled: false, actions: [], projects: [], tags: [], departmentCode: 'kx', areaId: 'area-a', ...over }
}
function fact(personId: string, at: string, a: ActivityFacts, group: AttendanceFact['personTargetGroup'] = 'public'): AttendanceFact {
  return { personId, personTargetGroup: group, at, activity: a }
}

const tutorTraining1 = activity('act-t1', { tags: ['science_tutor_training'], startAt: shanghaiInstant(2023, 3, 26, 9) })
const tutorTraining2 = activity('act-t2', { tags: ['science_tutor_training'], startAt: shanghaiInstant(2023, 10, 15, 9) })
const farmer2021 = activity('act-f1', { tags: ['high_quality_farmer'], startAt: shanghaiInstant(2021, 4, 16, 9), departmentCode: 'nongye' })
const farmer2023 = activity('act-f2', { tags: ['high_quality_farmer'], startAt: shanghaiInstant(2023, 6, 11, 9), departmentCode: 'nongye' })
const lessons = [1, 2, 3, 4].map((i) => activity(`act-l${i}`, { type: 'smart_senior', tags: ['smart_class_2023'], startAt: shanghaiInstant(2023, 4, i * 7, 9) }))

const tutors: CountSpec = { rule: 'unique_persons', period: year(2023), filters: { tags: ['science_tutor_training'] } }
const farmers: CountSpec = { rule: 'unique_persons', period: PLAN, filters: { tags: ['high_quality_farmer'] } }

describe('countFacts', () => {
  it.each<[string, CountSpec, AttendanceFact[], number]>([
    ['the same teacher trained twice in a year counts once for the annual figure', tutors, [fact('zhang', tutorTraining1.startAt, tutorTraining1), fact('zhang', tutorTraining2.startAt, tutorTraining2)], 1],
    ['…and twice as person-times', { ...tutors, rule: 'person_times' }, [fact('zhang', tutorTraining1.startAt, tutorTraining1), fact('zhang', tutorTraining2.startAt, tutorTraining2)], 2],
    ['a farmer trained in 2021 and again in 2023 counts once for the plan figure', farmers, [fact('liu', farmer2021.startAt, farmer2021, 'farmer'), fact('liu', farmer2023.startAt, farmer2023, 'farmer')], 1],
    ['two different farmers count twice', farmers, [fact('liu', farmer2021.startAt, farmer2021, 'farmer'), fact('wang', farmer2023.startAt, farmer2023, 'farmer')], 2],
    ['a person with 3 of 4 smartphone lessons completes under the rule "≥3"', { rule: 'unique_persons', period: year(2023), filters: { tags: ['smart_class_2023'], minAttendance: 3 } }, lessons.slice(0, 3).map((l) => fact('wang', l.startAt, l, 'senior')), 1],
    ['a person with 2 of 4 lessons does not complete', { rule: 'unique_persons', period: year(2023), filters: { tags: ['smart_class_2023'], minAttendance: 3 } }, lessons.slice(0, 2).map((l) => fact('wang', l.startAt, l, 'senior')), 0],
    ['a completion counts once however many lessons were attended', { rule: 'unique_persons', period: year(2023), filters: { tags: ['smart_class_2023'], minAttendance: 3 } }, lessons.map((l) => fact('wang', l.startAt, l, 'senior')), 1],
    ['attendance outside the period does not count', tutors, [fact('zhang', shanghaiInstant(2022, 12, 31, 23, 59), tutorTraining1)], 0],
    ['the period ends exclusively at midnight Shanghai time', tutors, [fact('zhang', shanghaiInstant(2024, 1, 1, 0, 0), tutorTraining2)], 0],
    ['a fact at 07:59 on 1 January in Shanghai (still 31 December UTC) belongs to the new year', { ...tutors, period: year(2024) }, [fact('zhang', shanghaiInstant(2024, 1, 1, 7, 59), tutorTraining2)], 1],
    ['person-times per target group filter by the person’s group', { rule: 'person_times', period: year(2023), filters: { targetGroups: ['senior'] } }, [fact('a', lessons[0].startAt, lessons[0], 'senior'), fact('b', lessons[0].startAt, lessons[0], 'public')], 1],
    ['a cancelled activity’s facts do not count', tutors, [fact('zhang', tutorTraining1.startAt, { ...tutorTraining1, cancelled: true })], 0],
  ])('%s', (_name, spec, facts, expected) => {
    expect(countFacts(spec, facts)).toBe(expected)
  })

  it('counts merged duplicate person records once', () => {
    const facts = [fact('per-old', tutorTraining1.startAt, tutorTraining1), fact('per-new', tutorTraining2.startAt, tutorTraining2)]
    expect(countFacts(tutors, facts)).toBe(2)
    expect(countFacts(tutors, facts, [], (id) => (id === 'per-old' ? 'per-new' : id))).toBe(1)
  })

  it('counts activities held per key project, attended or not, and never cancelled ones', () => {
    const acts = [activity('a1', { projects: ['project_grassroots'] }), activity('a2', { projects: ['project_grassroots', 'project_resources'] }), activity('a3', { projects: ['project_grassroots'], cancelled: true }), activity('a4', { projects: ['project_resources'] })]
    expect(countFacts({ rule: 'activities', period: year(2023), filters: { projects: ['project_grassroots'] } }, [], acts)).toBe(2)
    expect(countFacts({ rule: 'activities', period: year(2024), filters: { projects: ['project_grassroots'] } }, [], acts)).toBe(0)
  })
})

describe('breakdowns and status', () => {
  it('splits unique persons by month, each month counting a person once', () => {
    const facts = [fact('zhang', tutorTraining1.startAt, tutorTraining1), fact('zhang', shanghaiInstant(2023, 3, 27), tutorTraining1), fact('li', tutorTraining2.startAt, tutorTraining2), fact('zhang', tutorTraining2.startAt, tutorTraining2)]
    expect(Object.fromEntries(breakdown(tutors, facts, 'month'))).toEqual({ '2023-03': 1, '2023-10': 2 })
    expect(countFacts(tutors, facts)).toBe(2)
  })
  it('splits by unit and area', () => {
    const facts = [fact('liu', farmer2021.startAt, farmer2021, 'farmer'), fact('zhang', tutorTraining1.startAt, { ...tutorTraining1, areaId: 'area-b' })]
    const all: CountSpec = { rule: 'person_times', period: PLAN, filters: {} }
    expect(Object.fromEntries(breakdown(all, facts, 'department'))).toEqual({ nongye: 1, kx: 1 })
    expect(Object.fromEntries(breakdown(all, facts, 'area'))).toEqual({ 'area-a': 1, 'area-b': 1 })
    expect(Object.fromEntries(breakdown(all, facts, 'targetGroup'))).toEqual({ farmer: 1, public: 1 })
  })
  it('judges on track against a linear pro-rata of the elapsed period', () => {
    const p = year(2026)
    const july = shanghaiInstant(2026, 7, 2, 12) // about half the year
    expect(elapsedShare(p, july)).toBeCloseTo(0.5, 1)
    expect(indicatorStatus(26, 50, p, july).status).toBe('on_track')
    expect(indicatorStatus(20, 50, p, july)).toMatchObject({ status: 'behind', percent: 40 })
    expect(indicatorStatus(20, null, p, july).status).toBe('no_target')
  })
  it('labels months in Shanghai time', () => {
    expect(monthLabel('2026-09-30T16:30:00.000Z')).toBe('2026-10')
  })
})

describe('attendanceFacts', () => {
  it('never counts cancelled, waitlisted or no-show registrations', () => {
    const regs = [
      { id: 'r1', personId: 'a', activityId: 'act-t1', status: 'confirmed' as const, checkedInAt: tutorTraining1.startAt, attendance: 'attended' as const },
      { id: 'r2', personId: 'b', activityId: 'act-t1', status: 'confirmed' as const, checkedInAt: null, attendance: 'no_show' as const },
      { id: 'r3', personId: 'c', activityId: 'act-t1', status: 'cancelled' as const, checkedInAt: tutorTraining1.startAt, attendance: null },
      { id: 'r4', personId: 'd', activityId: 'act-t1', status: 'waitlisted' as const, checkedInAt: null, attendance: null },
    ]
    const facts = attendanceFacts(regs as unknown as Parameters<typeof attendanceFacts>[0], (id) => (id === 'act-t1' ? tutorTraining1 : undefined), () => 'public')
    expect(facts.map((f) => f.personId)).toEqual(['a'])
    expect(countFacts({ ...tutors, rule: 'person_times' }, facts)).toBe(1)
  })
})

describe('countCompletions (结业人数)', () => {
  const completion = (personId: string, completedAt: string, over: Partial<CompletionFact> = {}): CompletionFact => ({
    personId,
    personTargetGroup: 'senior',
    completedAt,
    departmentCode: 'kx',
    areaId: 'area-a',
    types: ['smart_senior'],
    tags: ['smart_class'],
    actions: ['action_senior'],
    projects: [],
    ...over,
  })
  const smartClass = { types: ['smart_senior' as const], tags: ['smart_class'] }
  it.each<[string, CompletionFact[], Parameters<typeof countCompletions>[1], number]>([
    ['one completion counts one person', [completion('wang', shanghaiInstant(2023, 5, 1))], smartClass, 1],
    ['the same person completing two courses in the plan counts once', [completion('wang', shanghaiInstant(2022, 5, 1)), completion('wang', shanghaiInstant(2024, 5, 1))], smartClass, 1],
    ['a completion outside the period does not count', [completion('wang', shanghaiInstant(2026, 1, 1))], smartClass, 0],
    ['a completion of another kind of course does not count', [completion('wang', shanghaiInstant(2023, 5, 1), { types: ['training'], tags: ['other'] })], smartClass, 0],
    ['scoped to a unit', [completion('wang', shanghaiInstant(2023, 5, 1)), completion('zhao', shanghaiInstant(2023, 5, 1), { departmentCode: 'weijian' })], { ...smartClass, departments: ['weijian'] }, 1],
  ])('%s', (_name, completions, filters, expected) => {
    expect(countCompletions(PLAN, filters, completions)).toBe(expected)
  })
  it('counts a merged duplicate record as the person it was merged into', () => {
    const canonical = (id: string) => (id === 'zhao-dup' ? 'zhao' : id)
    expect(countCompletions(PLAN, smartClass, [completion('zhao', shanghaiInstant(2023, 5, 1)), completion('zhao-dup', shanghaiInstant(2024, 5, 1))], canonical)).toBe(1)
  })
})
