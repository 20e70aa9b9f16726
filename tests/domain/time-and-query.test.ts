import { buildActivityQuery, matchesQuery } from '../../src/domain/activities/query'
import { shanghaiInstant, shanghaiMonth, shanghaiWeek } from '../../src/domain/time'
import { makeActivity } from '../support/factories'

describe('Shanghai calendar ranges', () => {
  it('puts Sunday 23:30 Shanghai (15:30 UTC) in the week that began the Monday before', () => {
    // 2026-12-06 is a Sunday.
    const w = shanghaiWeek('2026-12-06T15:30:00.000Z')
    expect(w).toEqual({ from: '2026-11-29T16:00:00.000Z', to: '2026-12-06T16:00:00.000Z' })
  })
  it('puts Monday 00:30 Shanghai (Sunday 16:30 UTC) in the new week', () => {
    expect(shanghaiWeek('2026-12-06T16:30:00.000Z').from).toBe('2026-12-06T16:00:00.000Z')
  })
  it('gives the Shanghai month even when UTC is still in the previous one', () => {
    expect(shanghaiMonth('2026-11-30T17:00:00.000Z')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' })
  })
  it('builds instants from Shanghai wall-clock time', () => {
    expect(shanghaiInstant(2026, 9, 19, 9, 30)).toBe('2026-09-19T01:30:00.000Z')
  })
})

describe('activity queries', () => {
  const now = '2026-12-01T02:00:00.000Z'
  it('lists only upcoming activities and limits the page size', () => {
    const q = buildActivityQuery({}, now, 0, 500)
    expect(q).toMatchObject({ endsAfter: now, offset: 0, limit: 50 })
    expect(q.startsBefore).toBeUndefined()
  })
  it('turns 本周 and 本月 into an upper bound on the start', () => {
    expect(buildActivityQuery({ date: 'week' }, now, 0, 10).startsBefore).toBe(shanghaiWeek(now).to)
    expect(buildActivityQuery({ date: 'month' }, now, 0, 10).startsBefore).toBe(shanghaiMonth(now).to)
  })
  it('matches on group, type, area, text and time', () => {
    const a = makeActivity({ targetGroups: ['senior'], type: 'smart_senior', title: '智慧助老 手机课堂', startAt: '2026-12-02T01:00:00.000Z', endAt: '2026-12-02T03:00:00.000Z' })
    const q = buildActivityQuery({ targetGroup: 'senior', type: 'smart_senior', areaId: a.areaId, text: ' 手机 ' }, now, 0, 10)
    expect(matchesQuery(a, q)).toBe(true)
    expect(matchesQuery(a, { ...q, targetGroup: 'youth' })).toBe(false)
    expect(matchesQuery(a, { ...q, text: '农民' })).toBe(false)
    expect(matchesQuery({ ...a, status: 'cancelled' }, q)).toBe(false)
    expect(matchesQuery({ ...a, endAt: now }, q)).toBe(false)
  })
})
