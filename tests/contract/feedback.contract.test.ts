// The contract of the feedback port (src/domain/feedback/port.ts), run against every adapter: what it
// stores comes back as it was, and every tally equals the domain's tallyOf over the ratings in scope.
import type { FeedbackRepository, FeedbackScope } from '../../src/domain/feedback/port'
import { tallyOf, type Feedback } from '../../src/domain/feedback/rules'
import type { RegistrationId } from '../../src/domain/ids'
import { activityId, at, userId } from '../support/factories'
import { ADAPTERS, BEYOND_ONE_BATCH, openStoreEach } from './adapters'

let n = 0
function makeFeedback(over: Partial<Feedback> = {}): Feedback {
  n++
  return {
    id: `reg-fb-${n}` as RegistrationId,
    activityId: activityId('a1'),
    departmentCode: 'kx',
    projects: ['project_grassroots'],
    userId: userId(1),
    rating: 5,
    comment: null,
    createdAt: at(1),
    updatedAt: at(1),
    ...over,
  } as Feedback
}

const inScope = (list: readonly Feedback[], scope: FeedbackScope): Feedback[] =>
  list.filter((f) => {
    if ('activityId' in scope) return f.activityId === scope.activityId
    if ('project' in scope) return f.projects.includes(scope.project) && (!scope.departmentCode || f.departmentCode === scope.departmentCode)
    if ('departmentCode' in scope && scope.departmentCode) return f.departmentCode === scope.departmentCode
    return true
  })

describe.each(ADAPTERS)('Feedback contract: $name', (adapter) => {
  let feedback: FeedbackRepository
  openStoreEach(adapter, (_s, ports) => {
    feedback = ports.feedback
  })

  it('stores a rating by its registration id and replaces it when rated again', async () => {
    const first = makeFeedback({ comment: '讲得很清楚，孩子很喜欢', projects: ['project_grassroots', 'project_resources'] })
    expect(await feedback.get(first.id)).toBeNull()
    await feedback.put(first)
    expect(await feedback.get(first.id)).toStrictEqual(first)
    const changed = { ...first, rating: 3, comment: null, updatedAt: at(5) }
    await feedback.put(changed)
    expect(await feedback.get(first.id)).toStrictEqual(changed)
    const other = makeFeedback({ projects: [] })
    await feedback.put(other)
    const many = await feedback.getMany([other.id, first.id, 'reg-missing' as RegistrationId, other.id])
    expect([...many].sort((a, b) => a.id.localeCompare(b.id))).toStrictEqual([changed, other].sort((a, b) => a.id.localeCompare(b.id)))
    expect(await feedback.getMany([])).toStrictEqual([])
  })

  it('tallies by activity, unit, project (within a unit) and in all, as tallyOf over the same ratings', async () => {
    const list = [
      makeFeedback({ rating: 5 }),
      makeFeedback({ rating: 4 }),
      makeFeedback({ rating: 4, activityId: activityId('a2'), projects: ['project_resources'] }),
      makeFeedback({ rating: 1, activityId: activityId('a3'), departmentCode: 'nongye', projects: ['project_grassroots', 'project_resources'] }),
      makeFeedback({ rating: 2, activityId: activityId('a3'), departmentCode: 'nongye', projects: ['project_grassroots', 'project_resources'] }),
    ]
    for (const f of list) await feedback.put(f)
    const scopes: FeedbackScope[] = [
      {},
      { activityId: activityId('a1') },
      { activityId: activityId('a3') },
      { activityId: activityId('none') },
      { departmentCode: 'kx' },
      { departmentCode: 'nongye' },
      { project: 'project_resources' },
      { project: 'project_grassroots', departmentCode: 'nongye' },
      { project: 'project_infrastructure' },
    ]
    for (const scope of scopes) expect([scope, await feedback.tally(scope)]).toStrictEqual([scope, tallyOf(inScope(list, scope))])
    expect(await feedback.tally({ departmentCode: 'kx' })).toStrictEqual([0, 0, 0, 2, 1])

    const rows = await feedback.tallyByActivity()
    expect(rows).toStrictEqual([
      { activityId: activityId('a1'), tally: [0, 0, 0, 1, 1] },
      { activityId: activityId('a2'), tally: [0, 0, 0, 1, 0] },
      { activityId: activityId('a3'), tally: [1, 1, 0, 0, 0] },
    ])
    expect(await feedback.tallyByActivity('nongye')).toStrictEqual([{ activityId: activityId('a3'), tally: [1, 1, 0, 0, 0] }])
    expect(await feedback.tallyByActivity('jiaoti')).toStrictEqual([])
  })

  it(`tallies more ratings than one read returns (${BEYOND_ONE_BATCH})`, async () => {
    const list = Array.from({ length: BEYOND_ONE_BATCH }, (_, i) => makeFeedback({ rating: (i % 5) + 1 }))
    for (const f of list) await feedback.put(f)
    expect(await feedback.tally({ activityId: activityId('a1') })).toStrictEqual(tallyOf(list))
    expect(await feedback.tallyByActivity('kx')).toStrictEqual([{ activityId: activityId('a1'), tally: tallyOf(list) }])
  })

  it('lists the comments in scope, latest change first, at most the limit, never ratings without one', async () => {
    const a = makeFeedback({ comment: '很好', updatedAt: at(3) })
    const b = makeFeedback({ comment: '时间太短', updatedAt: at(5) })
    const c = makeFeedback({ comment: null, updatedAt: at(9) })
    const d = makeFeedback({ comment: '希望多办', updatedAt: at(4), activityId: activityId('a2'), departmentCode: 'nongye' })
    for (const f of [a, b, c, d]) await feedback.put(f)
    expect(await feedback.comments({ activityId: activityId('a1') }, 10)).toStrictEqual([b, a])
    expect(await feedback.comments({}, 10)).toStrictEqual([b, d, a])
    expect(await feedback.comments({}, 2)).toStrictEqual([b, d])
    expect(await feedback.comments({ departmentCode: 'nongye' }, 10)).toStrictEqual([d])
    expect(await feedback.comments({ project: 'project_grassroots', departmentCode: 'kx' }, 10)).toStrictEqual([b, a])
    expect(await feedback.comments({}, 0)).toStrictEqual([])
  })

  it('removes the ratings it is given and leaves the rest', async () => {
    const a = makeFeedback()
    const b = makeFeedback()
    await feedback.put(a)
    await feedback.put(b)
    await feedback.removeMany([a.id, 'reg-missing' as RegistrationId])
    expect(await feedback.get(a.id)).toBeNull()
    expect(await feedback.get(b.id)).toStrictEqual(b)
    expect(await feedback.tally({})).toStrictEqual([0, 0, 0, 0, 1])
  })
})

