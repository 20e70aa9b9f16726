// The contract of the drafts port (src/domain/activities/drafts-port.ts), run against every adapter.
import type { ActivityDraftRepository } from '../../src/domain/activities/drafts-port'
import { newDraft, type ActivityDraft, type ActivityInput } from '../../src/domain/activities/editing'
import type { ActivityId } from '../../src/domain/ids'
import type { Store } from '../../src/domain/ports'
import { areaId, at, userId } from '../support/factories'
import { ADAPTERS, openStoreEach } from './adapters'

/** Every adapter's store carries its drafts port beside it. */
const draftsOf = (store: Store): ActivityDraftRepository => (store as unknown as { drafts: ActivityDraftRepository }).drafts

const form = (o: Partial<ActivityInput> = {}): ActivityInput => ({
  title: '科技辅导员培训班',
  type: 'training',
  description: '面向中小学科学教师。',
  startAt: at(7 * 24),
  endAt: at(7 * 24 + 3),
  place: '区科技馆报告厅',
  address: '环翠区青岛北路1号',
  areaId: areaId(1),
  location: { latitude: 37.51, longitude: 122.12 },
  capacity: 60,
  waitlistLimit: 0,
  signupOpensAt: at(0),
  signupClosesAt: at(7 * 24 - 1),
  targetGroups: ['public', 'youth'],
  minAge: 18,
  maxAge: null,
  walkInsAllowed: true,
  checkoutEnabled: false,
  actions: ['action_youth'],
  projects: ['project_grassroots', 'project_resources'],
  tags: ['science_tutor_training'],
  departmentCode: 'jiaoti',
  poster: null,
  ...o,
})
const draft = (n: number, o: Partial<ActivityDraft> = {}, input: Partial<ActivityInput> = {}): ActivityDraft => ({
  ...newDraft(`act-draft-${n}` as ActivityId, form(input), userId('org'), at(n)),
  ...o,
})

describe.each(ADAPTERS)('drafts contract: $name', (adapter) => {
  let drafts: ActivityDraftRepository
  openStoreEach(adapter, (s) => (drafts = draftsOf(s)))

  it('round-trips a draft with every field, overwrites it, and deletes it', async () => {
    const d = draft(1, { state: 'returned', returnReason: '请补充地址', submittedAt: at(2), reviewedBy: userId('admin'), reviewedAt: at(3) })
    await drafts.put(d)
    expect(await drafts.get(d.id)).toStrictEqual(d)
    const edited = { ...d, state: 'draft' as const, input: form({ title: '改过的标题', location: null, tags: [] }), updatedAt: at(4) }
    await drafts.put(edited)
    expect(await drafts.get(d.id)).toStrictEqual(edited)
    await drafts.delete(d.id)
    expect(await drafts.get(d.id)).toBeNull()
    expect(await drafts.get('act-none' as ActivityId)).toBeNull()
  })

  it('lists a unit’s drafts most recently changed first, and the review queue longest waiting first', async () => {
    await drafts.put(draft(1, { updatedAt: at(5) }))
    await drafts.put(draft(2, { state: 'pending', submittedAt: at(9), updatedAt: at(9) }))
    await drafts.put(draft(3, { state: 'pending', submittedAt: at(3), updatedAt: at(3) }, { departmentCode: 'nongye' }))
    await drafts.put(draft(4, { updatedAt: at(7) }))
    expect((await drafts.listByUnit('jiaoti')).map((d) => d.id)).toEqual(['act-draft-2', 'act-draft-4', 'act-draft-1'])
    expect((await drafts.listByUnit('nongye')).map((d) => d.id)).toEqual(['act-draft-3'])
    expect(await drafts.listByUnit('kx')).toEqual([])
    expect((await drafts.listByState('pending')).map((d) => d.id)).toEqual(['act-draft-3', 'act-draft-2'])
  })
})
