// The contract of the Store port (src/domain/ports.ts), run against every adapter. An adapter is
// correct when this suite passes; nothing here depends on how an adapter stores its data.

import { matchesQuery, type ActivityQuery } from '../../src/domain/activities/query'
import type { TargetGroup } from '../../src/domain/catalog'
import {
  checkInIdFor,
  decideCheckIn,
  DUPLICATES_KEPT_MAX,
  type CheckIn,
  type CheckInAttempt,
  type CheckInDecision,
} from '../../src/domain/checkin/rules'
import type { RegistrationView } from '../../src/domain/contracts'
import { unwrap } from '../../src/domain/errors'
import type { ActivityId } from '../../src/domain/ids'
import type { Deps, Store } from '../../src/domain/ports'
import type { Activity, Registration } from '../../src/domain/types'
import { dispatch, FUNCTIONS, type Reply } from '../../src/handlers'
import {
  activityId,
  areaId,
  at,
  makeActivity,
  makeArea,
  makeCheckIn,
  makeGrant,
  makeInvite,
  makePerson,
  makeRegistration,
  makeUser,
  personId,
  T0,
  userId,
} from '../support/factories'
import { ADAPTERS, BEYOND_ONE_BATCH, openStoreEach } from './adapters'
import { agreePrivacy } from '../support/world'

/** A copy sorted by id, for lists whose order the port leaves open. */
const sortedById = <T extends { id: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
const ids = (xs: readonly { id: string }[]): string[] => xs.map((x) => x.id)
const plusMs = (instant: string, ms: number): string => new Date(Date.parse(instant) + ms).toISOString()

/** The order listActivities promises: start time, then id. */
const byStartThenId = (a: Activity, b: Activity): number =>
  Date.parse(a.startAt) - Date.parse(b.startAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

describe.each(ADAPTERS)('Store contract: $name', (adapter) => {
  let store: Store
  openStoreEach(adapter, (s) => (store = s))

  const putAll = async <T>(items: readonly T[], put: (item: T) => Promise<void>): Promise<void> => {
    for (const item of items) await put(item)
  }

  /** The port writes registrations only inside transactions, as the handlers do. */
  const putRegistration = (r: Registration): Promise<void> => store.transaction((tx) => tx.putRegistration(r))

  const query = (q: Partial<ActivityQuery> = {}): ActivityQuery => ({ endsAfter: T0, offset: 0, limit: 50, ...q })
  const listIds = async (q: Partial<ActivityQuery> = {}): Promise<string[]> => ids((await store.listActivities(query(q))).items)

  describe('users and areas', () => {
    it('round-trips a user with and without a department', async () => {
      const organizer = makeUser({ id: userId('org'), role: 'organizer', displayName: '李老师', departmentCode: 'jiaoti' })
      const resident = makeUser({ id: userId('res') })
      await store.putUser(organizer)
      await store.putUser(resident)
      expect(await store.getUser(organizer.id)).toStrictEqual(organizer)
      expect(await store.getUser(resident.id)).toStrictEqual(resident)
      expect(sortedById(await store.listUsers())).toStrictEqual(sortedById([organizer, resident]))
    })

    it('overwrites a user with the same id, dropping a department that was removed', async () => {
      await store.putUser(makeUser({ role: 'organizer', departmentCode: 'kx' }))
      const demoted = makeUser({ role: 'resident', displayName: '改名' })
      await store.putUser(demoted)
      expect(await store.getUser(demoted.id)).toStrictEqual(demoted)
      expect(await store.listUsers()).toHaveLength(1)
    })

    it('returns null for a missing user or area', async () => {
      await store.putUser(makeUser())
      await store.putArea(makeArea())
      expect(await store.getUser(userId('nobody'))).toBeNull()
      expect(await store.getArea(areaId('nowhere'))).toBeNull()
    })

    it('round-trips areas and lists them all', async () => {
      const areas = [
        makeArea({ id: areaId(1), name: '环翠楼街道', kind: 'street', sort: 2 }),
        makeArea({ id: areaId(2), name: '张村镇', kind: 'town', sort: 1 }),
      ]
      await putAll(areas, (a) => store.putArea(a))
      expect(await store.getArea(areaId(2))).toStrictEqual(areas[1])
      expect(sortedById(await store.listAreas())).toStrictEqual(sortedById(areas))

      const renamed = { ...areas[0], name: '鲸园街道', sort: 5 }
      await store.putArea(renamed)
      expect(await store.getArea(renamed.id)).toStrictEqual(renamed)
      expect(await store.listAreas()).toHaveLength(2)
    })
  })

  describe('activities', () => {
    it('round-trips the details an organizer sets, and an activity without them', async () => {
      const details = {
        address: '环翠区青岛北路1号',
        location: { latitude: 37.513, longitude: 122.121 },
        minAge: 55,
        maxAge: null,
        createdBy: userId('org'),
        changeNotice: { at: at(2), text: '活动时间改为 9月9日 15:00–17:00（原为 9月9日 14:00）' },
        cancelReason: '台风预警',
        cancelledAt: at(3),
        poster: { id: 'img-0123456789abcdef0123456789abcdef', url: '/uploads/img-0123456789abcdef0123456789abcdef-750.jpg', thumbUrl: '/uploads/img-0123456789abcdef0123456789abcdef-375.jpg' },
      }
      const withDetails = makeActivity({ id: activityId('details'), details })
      const bare = makeActivity({ id: activityId('bare') })
      await store.putActivity(withDetails)
      await store.putActivity(bare)
      expect(await store.getActivity(withDetails.id)).toStrictEqual(withDetails)
      expect(await store.getActivity(bare.id)).toStrictEqual(bare)
      const cleared = { ...withDetails, details: { ...details, location: null, changeNotice: null, cancelReason: null, cancelledAt: null, poster: null } }
      await store.putActivity(cleared)
      expect(await store.getActivity(withDetails.id)).toStrictEqual(cleared)
    })

    it('round-trips every field, keeping array contents and order', async () => {
      const activity = makeActivity({
        id: activityId('full'),
        title: '智慧助老：手机课堂（第1课）',
        type: 'smart_senior',
        description: '教老年人使用微信视频、健康码和防诈骗。',
        targetGroups: ['senior', 'public'],
        actions: ['action_senior', 'action_farmer'],
        projects: ['project_informatization', 'project_grassroots'],
        capacity: 25,
        waitlistLimit: 0,
        status: 'cancelled',
        confirmedCount: 3,
        waitlistCount: 2,
        nextSeq: 6,
        checkoutEnabled: true,
        walkInsAllowed: true,
        attendanceClosedAt: at(7 * 24 + 3),
        updatedAt: at(1),
      })
      await store.putActivity(activity)
      expect(await store.getActivity(activity.id)).toStrictEqual(activity)
    })

    it('round-trips the check-in defaults: no check-out, no walk-ins, attendance open', async () => {
      const activity = makeActivity()
      expect(activity).toMatchObject({ checkoutEnabled: false, walkInsAllowed: false, attendanceClosedAt: null })
      await store.putActivity(activity)
      expect(await store.getActivity(activity.id)).toStrictEqual(activity)
      const closed = { ...activity, attendanceClosedAt: at(7 * 24 + 3) }
      await store.putActivity(closed)
      expect(await store.getActivity(activity.id)).toStrictEqual(closed)
      await store.putActivity(activity)
      expect(await store.getActivity(activity.id)).toStrictEqual(activity)
    })

    it('round-trips empty arrays', async () => {
      const activity = makeActivity({ targetGroups: [], actions: [], projects: [] })
      await store.putActivity(activity)
      expect(await store.getActivity(activity.id)).toStrictEqual(activity)
    })

    it('returns null for a missing activity', async () => {
      await store.putActivity(makeActivity())
      expect(await store.getActivity(activityId('missing'))).toBeNull()
    })

    it('replaces an activity on put, including what its target groups filter finds', async () => {
      const before = makeActivity({ targetGroups: ['youth', 'farmer'] })
      await store.putActivity(before)
      const after = { ...before, title: '改期后的讲座', targetGroups: ['worker'] as TargetGroup[], confirmedCount: 4 }
      await store.putActivity(after)
      expect(await store.getActivity(before.id)).toStrictEqual(after)
      expect(await listIds({ targetGroup: 'youth' })).toEqual([])
      expect(await listIds({ targetGroup: 'worker' })).toEqual([before.id])
    })

    it('getActivities returns each existing activity once, skipping missing ids', async () => {
      const a = makeActivity({ id: activityId(1) })
      const b = makeActivity({ id: activityId(2), status: 'cancelled' })
      await store.putActivity(a)
      await store.putActivity(b)
      const found = await store.getActivities([a.id, activityId('missing'), b.id, a.id, a.id])
      expect(sortedById(found)).toStrictEqual([a, b])
      expect(await store.getActivities([])).toEqual([])
      expect(await store.getActivities([activityId('missing')])).toEqual([])
    })

    it(`getActivities returns all of ${BEYOND_ONE_BATCH} requested activities`, async () => {
      const all = Array.from({ length: BEYOND_ONE_BATCH }, (_, i) => makeActivity({ id: activityId(i) }))
      await putAll(all, (a) => store.putActivity(a))
      const found = await store.getActivities(all.map((a) => a.id))
      expect(ids(sortedById(found))).toEqual(ids(all))
    })
  })

  describe('listActivities', () => {
    it('lists only published activities', async () => {
      await store.putActivity(makeActivity({ id: activityId(1) }))
      await store.putActivity(makeActivity({ id: activityId(2), status: 'cancelled' }))
      const page = await store.listActivities(query())
      expect(ids(page.items)).toEqual([activityId(1)])
      expect(page.total).toBe(1)
    })

    it('filters by target group, including activities with several groups', async () => {
      await store.putActivity(makeActivity({ id: activityId(1), targetGroups: ['youth', 'senior'] }))
      await store.putActivity(makeActivity({ id: activityId(2), targetGroups: ['senior'] }))
      await store.putActivity(makeActivity({ id: activityId(3), targetGroups: [] }))
      await store.putActivity(makeActivity({ id: activityId(4), targetGroups: ['youth'], status: 'cancelled' }))
      expect(await listIds({ targetGroup: 'youth' })).toEqual([activityId(1)])
      expect(await listIds({ targetGroup: 'senior' })).toEqual([activityId(1), activityId(2)])
      expect(await listIds({ targetGroup: 'farmer' })).toEqual([])
      expect(await listIds()).toEqual([activityId(1), activityId(2), activityId(3)])
    })

    it('filters by type and by area, alone and together', async () => {
      await store.putActivity(makeActivity({ id: activityId(1), type: 'health', areaId: areaId(1) }))
      await store.putActivity(makeActivity({ id: activityId(2), type: 'health', areaId: areaId(2) }))
      await store.putActivity(makeActivity({ id: activityId(3), type: 'disaster', areaId: areaId(2) }))
      expect(await listIds({ type: 'health' })).toEqual([activityId(1), activityId(2)])
      expect(await listIds({ areaId: areaId(2) })).toEqual([activityId(2), activityId(3)])
      expect(await listIds({ type: 'health', areaId: areaId(2) })).toEqual([activityId(2)])
      expect(await listIds({ type: 'training' })).toEqual([])
    })

    it('keeps activities ending strictly after endsAfter', async () => {
      const cut = at(48)
      await store.putActivity(makeActivity({ id: activityId(1), startAt: at(40), endAt: plusMs(cut, -1) }))
      await store.putActivity(makeActivity({ id: activityId(2), startAt: at(41), endAt: cut }))
      await store.putActivity(makeActivity({ id: activityId(3), startAt: at(42), endAt: plusMs(cut, 1) }))
      await store.putActivity(makeActivity({ id: activityId(4), startAt: at(60), endAt: at(62) }))
      expect(await listIds({ endsAfter: cut })).toEqual([activityId(3), activityId(4)])
    })

    it('keeps activities starting strictly before startsBefore', async () => {
      const cut = at(100)
      await store.putActivity(makeActivity({ id: activityId(1), startAt: plusMs(cut, -1), endAt: at(101) }))
      await store.putActivity(makeActivity({ id: activityId(2), startAt: cut, endAt: at(101) }))
      await store.putActivity(makeActivity({ id: activityId(3), startAt: plusMs(cut, 1), endAt: at(101) }))
      await store.putActivity(makeActivity({ id: activityId(4), startAt: at(10), endAt: at(11) }))
      expect(await listIds({ startsBefore: cut })).toEqual([activityId(4), activityId(1)])
      expect(await listIds({ endsAfter: at(10.5), startsBefore: cut })).toEqual([activityId(4), activityId(1)])
      expect(await listIds({ endsAfter: at(11), startsBefore: cut })).toEqual([activityId(1)])
    })

    it('finds text in title, place or description, ignoring case', async () => {
      await store.putActivity(makeActivity({ id: activityId(1), title: 'AI 与生活', place: '图书馆', description: '讲座' }))
      await store.putActivity(makeActivity({ id: activityId(2), title: '讲座', place: 'Ai Lab 创客空间', description: '讲座' }))
      await store.putActivity(makeActivity({ id: activityId(3), title: '讲座', place: '礼堂', description: '介绍 generative aI 工具' }))
      await store.putActivity(makeActivity({ id: activityId(4), title: '海洋科普', place: '海洋馆', description: '潮汐与海浪' }))
      expect(await listIds({ text: 'ai' })).toEqual([activityId(1), activityId(2), activityId(3)])
      expect(await listIds({ text: 'AI' })).toEqual([activityId(1), activityId(2), activityId(3)])
      expect(await listIds({ text: 'ai lab' })).toEqual([activityId(2)])
      expect(await listIds({ text: '潮汐' })).toEqual([activityId(4)])
      expect(await listIds({ text: '火星' })).toEqual([])
    })

    it('finds Chinese text such as 智慧 anywhere in the title', async () => {
      await store.putActivity(makeActivity({ id: activityId(1), title: '智慧助老：手机课堂' }))
      await store.putActivity(makeActivity({ id: activityId(2), title: '社区智慧养老讲座' }))
      await store.putActivity(makeActivity({ id: activityId(3), title: '智能手机入门', description: '智 慧 不相连' }))
      const page = await store.listActivities(query({ text: '智慧' }))
      expect(ids(page.items)).toEqual([activityId(1), activityId(2)])
      expect(page.total).toBe(2)
    })

    it('treats %, _ and \\ in the search text literally', async () => {
      await store.putActivity(makeActivity({ id: activityId(1), title: '满意度 100% 的课程' }))
      await store.putActivity(makeActivity({ id: activityId(2), title: 'snake_case 编程入门' }))
      await store.putActivity(makeActivity({ id: activityId(3), title: '路径 C:\\kepu 说明' }))
      await store.putActivity(makeActivity({ id: activityId(4), title: '普通讲座 snakeXcase 100 分' }))
      expect(await listIds({ text: '%' })).toEqual([activityId(1)])
      expect(await listIds({ text: '0%' })).toEqual([activityId(1)])
      expect(await listIds({ text: '_' })).toEqual([activityId(2)])
      expect(await listIds({ text: 'snake_case' })).toEqual([activityId(2)])
      expect(await listIds({ text: '\\' })).toEqual([activityId(3)])
    })

    it('orders by start time, then id, whatever the insertion order', async () => {
      await store.putActivity(makeActivity({ id: activityId('c'), startAt: at(30), endAt: at(31) }))
      await store.putActivity(makeActivity({ id: activityId('b'), startAt: at(20), endAt: at(50) }))
      await store.putActivity(makeActivity({ id: activityId('a'), startAt: at(30), endAt: at(31) }))
      await store.putActivity(makeActivity({ id: activityId('d'), startAt: at(10), endAt: at(90) }))
      expect(await listIds()).toEqual([activityId('d'), activityId('b'), activityId('a'), activityId('c')])
    })

    it('pages with offset and limit and counts every match in total', async () => {
      const all = Array.from({ length: 7 }, (_, i) => makeActivity({ id: activityId(i), startAt: at(10 + i), endAt: at(20 + i) }))
      await putAll([...all].reverse(), (a) => store.putActivity(a))
      await store.putActivity(makeActivity({ id: activityId('cancelled'), status: 'cancelled' }))

      const first = await store.listActivities(query({ offset: 0, limit: 3 }))
      const second = await store.listActivities(query({ offset: 3, limit: 3 }))
      const last = await store.listActivities(query({ offset: 6, limit: 3 }))
      const beyond = await store.listActivities(query({ offset: 10, limit: 3 }))
      expect(ids(first.items)).toEqual(ids(all.slice(0, 3)))
      expect(ids(second.items)).toEqual(ids(all.slice(3, 6)))
      expect(ids(last.items)).toEqual(ids(all.slice(6)))
      expect(beyond.items).toEqual([])
      expect([first.total, second.total, last.total, beyond.total]).toEqual([7, 7, 7, 7])
    })

    it(`pages through ${BEYOND_ONE_BATCH} matching activities without losing or repeating any`, async () => {
      const all = Array.from({ length: BEYOND_ONE_BATCH }, (_, i) =>
        // Several share a start time, so the id tie-break is exercised across page boundaries.
        makeActivity({ id: activityId(i), startAt: at(10 + Math.floor(i / 3)), endAt: at(200), targetGroups: ['youth'] }),
      )
      // Insert in an order unrelated to the listing order.
      await putAll([...all].sort((a, b) => ((a.id.charCodeAt(7) * 7) % 10) - ((b.id.charCodeAt(7) * 7) % 10)), (a) => store.putActivity(a))

      const seen: string[] = []
      for (let offset = 0; ; offset += 50) {
        const page = await store.listActivities(query({ targetGroup: 'youth', offset, limit: 50 }))
        expect(page.total).toBe(BEYOND_ONE_BATCH)
        if (page.items.length === 0) break
        seen.push(...ids(page.items))
      }
      expect(seen).toEqual(ids(all))

      const whole = await store.listActivities(query({ limit: BEYOND_ONE_BATCH + 10 }))
      expect(ids(whole.items)).toEqual(ids(all))

      const deep = await store.listActivities(query({ offset: 110, limit: 50 }))
      expect(ids(deep.items)).toEqual(ids(all.slice(110)))
      expect(deep.total).toBe(BEYOND_ONE_BATCH)
    })

    it('agrees with matchesQuery on a varied catalogue', async () => {
      // A deterministic pseudo-random catalogue, so the comparison covers combinations nobody wrote by hand.
      let seed = 20260901
      const next = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648
        return seed % n
      }
      const groups: TargetGroup[] = ['youth', 'farmer', 'worker', 'senior', 'official', 'public']
      const types = ['lecture', 'health', 'smart_senior', 'training'] as const
      const words = ['智慧', '健康', 'AI', '海洋', 'Robot', '防灾']
      const catalogue: Activity[] = Array.from({ length: 60 }, (_, i) => {
        const start = next(24 * 30)
        return makeActivity({
          id: activityId(i),
          title: `${words[next(words.length)]}讲座 ${i}`,
          description: `关于${words[next(words.length)]}的介绍`,
          place: next(2) ? '科技馆' : 'Maker 空间',
          type: types[next(types.length)],
          areaId: areaId(next(3)),
          targetGroups: groups.filter(() => next(3) === 0),
          startAt: at(start),
          endAt: at(start + 1 + next(48)),
          status: next(8) === 0 ? 'cancelled' : 'published',
        })
      })
      await putAll(catalogue, (a) => store.putActivity(a))

      const queries: ActivityQuery[] = [
        query(),
        query({ endsAfter: at(24 * 10) }),
        query({ endsAfter: at(24 * 5), startsBefore: at(24 * 12) }),
        query({ targetGroup: 'senior' }),
        query({ targetGroup: 'youth', type: 'lecture' }),
        query({ areaId: areaId(1), startsBefore: at(24 * 20) }),
        query({ text: 'ai' }),
        query({ text: '智慧', targetGroup: 'public' }),
        query({ text: 'maker', offset: 2, limit: 5 }),
        query({ offset: 10, limit: 7 }),
      ]
      for (const q of queries) {
        const matching = catalogue.filter((a) => matchesQuery(a, q)).sort(byStartThenId)
        const page = await store.listActivities(q)
        expect({ q, ids: ids(page.items), total: page.total }).toEqual({
          q,
          ids: ids(matching.slice(q.offset, q.offset + q.limit)),
          total: matching.length,
        })
      }
    })
  })

  describe('persons', () => {
    it('round-trips a person with nulls and with every optional value', async () => {
      const self = makePerson({ id: personId(1) })
      const child = makePerson({
        id: personId(2),
        isSelf: false,
        name: '张小明',
        birthYear: 2016,
        targetGroup: 'youth',
        phone: '13812345678',
        guardianConsentAt: at(2),
        cardVersion: 3,
      })
      await store.putPerson(self)
      await store.putPerson(child)
      expect(await store.getPerson(self.id)).toStrictEqual(self)
      expect(await store.getPerson(child.id)).toStrictEqual(child)
      expect(await store.getPerson(personId('missing'))).toBeNull()
    })

    it('getPersons returns each existing person once, in the order asked, skipping missing ids', async () => {
      const a = makePerson({ id: personId(1) })
      const b = makePerson({ id: personId(2), name: '李四' })
      await store.putPerson(a)
      await store.putPerson(b)
      expect(await store.getPersons([b.id, personId('missing'), a.id, b.id])).toStrictEqual([b, a])
      expect(await store.getPersons([])).toEqual([])
    })

    it(`getPersons returns all of ${BEYOND_ONE_BATCH} requested persons`, async () => {
      const all = Array.from({ length: BEYOND_ONE_BATCH }, (_, i) => makePerson({ id: personId(i) }))
      await putAll(all, (p) => store.putPerson(p))
      expect((await store.getPersons(all.map((p) => p.id).reverse())).map((p) => p.id)).toEqual(all.map((p) => p.id).reverse())
    })

    it('overwrites a person, clearing values set back to null', async () => {
      const person = makePerson({ phone: '13812345678', guardianConsentAt: at(1) })
      await store.putPerson(person)
      const edited = { ...person, phone: null, guardianConsentAt: null, name: '张三丰', updatedAt: at(3) }
      await store.putPerson(edited)
      expect(await store.getPerson(person.id)).toStrictEqual(edited)
    })

    it('finds persons by exact name and by exact phone, oldest first', async () => {
      const first = makePerson({ id: personId(2), name: '王小明', phone: '13900001111', createdAt: at(1) })
      const second = makePerson({ id: personId(1), name: '王小明', phone: null, createdAt: at(2) })
      const other = makePerson({ id: personId(3), name: '王小红', phone: '13900001111', createdAt: at(3) })
      await putAll([other, second, first], (p) => store.putPerson(p))
      expect(await store.listPersonsByName('王小明')).toStrictEqual([first, second])
      expect(await store.listPersonsByPhone('13900001111')).toStrictEqual([first, other])
      expect(await store.listPersonsByPhone('13900002222')).toEqual([])
      expect(await store.listPersonsByName('王小')).toEqual([])
    })

    it('lists the persons of one owner only', async () => {
      const mine = [makePerson({ id: personId(1) }), makePerson({ id: personId(2), isSelf: false })]
      const theirs = makePerson({ id: personId(3), ownerId: userId(2) })
      await putAll([...mine, theirs], (p) => store.putPerson(p))
      expect(sortedById(await store.listPersonsByOwner(userId(1)))).toStrictEqual(mine)
      expect(await store.listPersonsByOwner(userId(9))).toEqual([])
    })

    it(`lists all ${BEYOND_ONE_BATCH} persons of an owner`, async () => {
      const many = Array.from({ length: BEYOND_ONE_BATCH }, (_, i) => makePerson({ id: personId(i), isSelf: i === 0 }))
      await putAll(many, (p) => store.putPerson(p))
      await store.putPerson(makePerson({ id: personId('other'), ownerId: userId(2) }))
      expect(ids(sortedById(await store.listPersonsByOwner(userId(1))))).toEqual(ids(many))
    })

    it('deletes one person and leaves the others', async () => {
      await store.putPerson(makePerson({ id: personId(1) }))
      await store.putPerson(makePerson({ id: personId(2), isSelf: false }))
      await store.deletePerson(personId(1))
      expect(await store.getPerson(personId(1))).toBeNull()
      expect(ids(await store.listPersonsByOwner(userId(1)))).toEqual([personId(2)])
      await expect(store.deletePerson(personId('missing'))).resolves.toBeUndefined()
    })
  })

  describe('registrations', () => {
    const A = activityId(1)
    const B = activityId(2)

    it('round-trips a registration with nulls and with every optional value', async () => {
      const plain = makeRegistration({ personId: personId(1) })
      const promotedThenCancelled = makeRegistration({
        personId: personId(2),
        ownerId: userId(2),
        createdBy: userId(3),
        status: 'cancelled',
        seq: 7,
        updatedAt: at(5),
        promotedAt: at(3),
        cancelledAt: at(5),
      })
      const walkedInAndOut = makeRegistration({
        personId: personId(3),
        walkIn: true,
        attendance: 'attended',
        checkedInAt: at(7 * 24 - 0.25),
        checkedOutAt: at(7 * 24 + 2),
      })
      const noShow = makeRegistration({ personId: personId(4), attendance: 'no_show' })
      await putAll([plain, promotedThenCancelled, walkedInAndOut, noShow], putRegistration)
      expect(await store.getRegistration(plain.id)).toStrictEqual(plain)
      expect(await store.getRegistration(promotedThenCancelled.id)).toStrictEqual(promotedThenCancelled)
      expect(await store.getRegistration(walkedInAndOut.id)).toStrictEqual(walkedInAndOut)
      expect(await store.getRegistration(noShow.id)).toStrictEqual(noShow)
      expect(await store.getRegistration(makeRegistration({ personId: personId(9) }).id)).toBeNull()
    })

    it('lists every registration of an owner, any status, and nobody else’s', async () => {
      const mine = [
        makeRegistration({ activityId: A, personId: personId(1), status: 'confirmed' }),
        makeRegistration({ activityId: B, personId: personId(1), status: 'cancelled', cancelledAt: at(1) }),
        makeRegistration({ activityId: A, personId: personId(2), status: 'waitlisted', seq: 4 }),
      ]
      const theirs = makeRegistration({ activityId: A, personId: personId(3), ownerId: userId(2) })
      await putAll([...mine, theirs], putRegistration)
      expect(sortedById(await store.listRegistrationsByOwner(userId(1)))).toStrictEqual(sortedById(mine))
      expect(await store.listRegistrationsByOwner(userId(9))).toEqual([])
    })

    it(`lists all ${BEYOND_ONE_BATCH} registrations of an owner`, async () => {
      const many = Array.from({ length: BEYOND_ONE_BATCH }, (_, i) =>
        makeRegistration({ activityId: activityId(i), personId: personId(1), seq: i }),
      )
      await putAll(many, putRegistration)
      expect(ids(sortedById(await store.listRegistrationsByOwner(userId(1))))).toEqual(ids(sortedById(many)))
    })

    it('lists only the confirmed and waitlisted registrations of a person', async () => {
      const confirmed = makeRegistration({ activityId: activityId(1), status: 'confirmed' })
      const waitlisted = makeRegistration({ activityId: activityId(2), status: 'waitlisted' })
      const cancelled = makeRegistration({ activityId: activityId(3), status: 'cancelled', cancelledAt: at(1) })
      const someoneElse = makeRegistration({ activityId: activityId(1), personId: personId(2) })
      await putAll([confirmed, waitlisted, cancelled, someoneElse], putRegistration)
      expect(sortedById(await store.listActiveRegistrationsByPerson(personId(1)))).toStrictEqual(sortedById([confirmed, waitlisted]))
      expect(await store.listActiveRegistrationsByPerson(personId(9))).toEqual([])
    })

    it('finds the first waitlisted registration by lowest seq, ignoring other statuses and activities', async () => {
      expect(await store.firstWaitlisted(A)).toBeNull()
      // Person ids run against seq order, so ordering by id (or by insertion) would pick someone else.
      const head = makeRegistration({ activityId: A, personId: personId(5), status: 'waitlisted', seq: 5 })
      await putAll(
        [
          makeRegistration({ activityId: A, personId: personId(1), status: 'waitlisted', seq: 9 }),
          makeRegistration({ activityId: A, personId: personId(3), status: 'waitlisted', seq: 7 }),
          head,
          makeRegistration({ activityId: A, personId: personId(8), status: 'confirmed', seq: 1 }),
          makeRegistration({ activityId: A, personId: personId(2), status: 'cancelled', seq: 2, cancelledAt: at(1) }),
          makeRegistration({ activityId: B, personId: personId(4), status: 'waitlisted', seq: 3 }),
        ],
        putRegistration,
      )
      expect(await store.firstWaitlisted(A)).toStrictEqual(head)
      expect((await store.firstWaitlisted(B))?.seq).toBe(3)
      expect(await store.firstWaitlisted(activityId(3))).toBeNull()
    })

    it('counts the waitlisted registrations strictly ahead of a seq', async () => {
      await putAll(
        [
          makeRegistration({ activityId: A, personId: personId(1), status: 'confirmed', seq: 1 }),
          makeRegistration({ activityId: A, personId: personId(2), status: 'waitlisted', seq: 2 }),
          makeRegistration({ activityId: A, personId: personId(3), status: 'cancelled', seq: 3, cancelledAt: at(1) }),
          makeRegistration({ activityId: A, personId: personId(4), status: 'waitlisted', seq: 4 }),
          makeRegistration({ activityId: A, personId: personId(6), status: 'waitlisted', seq: 6 }),
          makeRegistration({ activityId: B, personId: personId(1), status: 'waitlisted', seq: 1 }),
        ],
        putRegistration,
      )
      expect(await store.countWaitlistedBefore(A, 2)).toBe(0)
      expect(await store.countWaitlistedBefore(A, 4)).toBe(1)
      expect(await store.countWaitlistedBefore(A, 5)).toBe(2)
      expect(await store.countWaitlistedBefore(A, 6)).toBe(2)
      expect(await store.countWaitlistedBefore(A, 100)).toBe(3)
      expect(await store.countWaitlistedBefore(activityId(3), 100)).toBe(0)
    })

    it('lists the registrations of an activity by seq, optionally by status', async () => {
      const regs = [
        // Person ids deliberately out of seq order.
        makeRegistration({ activityId: A, personId: personId(1), status: 'waitlisted', seq: 4 }),
        makeRegistration({ activityId: A, personId: personId(5), status: 'confirmed', seq: 1 }),
        makeRegistration({ activityId: A, personId: personId(3), status: 'cancelled', seq: 3, cancelledAt: at(1) }),
        makeRegistration({ activityId: A, personId: personId(4), status: 'waitlisted', seq: 2 }),
        makeRegistration({ activityId: A, personId: personId(2), status: 'confirmed', seq: 5 }),
      ]
      await putAll(regs, putRegistration)
      await putRegistration(makeRegistration({ activityId: B, personId: personId(1), seq: 0 }))

      const bySeq = [...regs].sort((a, b) => a.seq - b.seq)
      expect(await store.listRegistrationsByActivity(A)).toStrictEqual(bySeq)
      expect((await store.listRegistrationsByActivity(A, 'waitlisted')).map((r) => r.seq)).toEqual([2, 4])
      expect((await store.listRegistrationsByActivity(A, 'confirmed')).map((r) => r.seq)).toEqual([1, 5])
      expect((await store.listRegistrationsByActivity(A, 'cancelled')).map((r) => r.seq)).toEqual([3])
      expect(await store.listRegistrationsByActivity(activityId(3))).toEqual([])
    })

    it(`lists all ${BEYOND_ONE_BATCH} registrations of an activity in seq order`, async () => {
      const many = Array.from({ length: BEYOND_ONE_BATCH }, (_, i) =>
        makeRegistration({
          activityId: A,
          personId: personId(i),
          ownerId: userId(i),
          status: i % 2 ? 'waitlisted' : 'confirmed',
          // Seq runs against id order, and insertion below is in neither order.
          seq: 2 * BEYOND_ONE_BATCH - i,
        }),
      ).sort((a, b) => a.seq - b.seq)
      await putAll([...many].sort((a, b) => (a.seq % 7) - (b.seq % 7) || a.seq - b.seq), putRegistration)
      expect((await store.listRegistrationsByActivity(A)).map((r) => r.seq)).toEqual(many.map((r) => r.seq))
      const waitlisted = await store.listRegistrationsByActivity(A, 'waitlisted')
      expect(waitlisted.map((r) => r.seq)).toEqual(many.filter((r) => r.status === 'waitlisted').map((r) => r.seq))
      expect(await store.countWaitlistedBefore(A, 2 * BEYOND_ONE_BATCH + 1)).toBe(BEYOND_ONE_BATCH / 2)
    })
  })

  describe('transactions', () => {
    it('commits every write of the work and returns its value', async () => {
      const activity = makeActivity()
      await store.putActivity(activity)
      const registration = makeRegistration()
      const value = await store.transaction(async (tx) => {
        const current = await tx.getActivity(activity.id)
        await tx.putActivity({ ...current!, confirmedCount: current!.confirmedCount + 1, nextSeq: current!.nextSeq + 1 })
        await tx.putRegistration(registration)
        return 'done'
      })
      expect(value).toBe('done')
      expect(await store.getActivity(activity.id)).toStrictEqual({ ...activity, confirmedCount: 1, nextSeq: 2 })
      expect(await store.getRegistration(registration.id)).toStrictEqual(registration)
    })

    it('reads documents by id inside the work', async () => {
      const activity = makeActivity()
      const registration = makeRegistration({ status: 'waitlisted', seq: 3 })
      await store.putActivity(activity)
      await putRegistration(registration)
      const seen = await store.transaction(async (tx) => ({
        activity: await tx.getActivity(activity.id),
        registration: await tx.getRegistration(registration.id),
        missing: await tx.getActivity(activityId('missing')),
      }))
      expect(seen).toStrictEqual({ activity, registration, missing: null })
    })

    it('reads an activity for a decision that leaves it unchanged (readActivity) as getActivity does, while others read it too', async () => {
      const activity = makeActivity()
      await store.putActivity(activity)
      const read = (n: number) =>
        store.transaction(async (tx) => {
          const seen = { shared: await tx.readActivity(activity.id), missing: await tx.readActivity(activityId('missing')) }
          await tx.putRegistration(makeRegistration({ id: `reg-${activity.id}-per-r${n}` as never, personId: personId(100 + n) }))
          return seen
        })
      const results = await Promise.all(Array.from({ length: 5 }, (_, n) => read(n)))
      expect(results).toStrictEqual(Array.from({ length: 5 }, () => ({ shared: activity, missing: null })))
      expect(await store.listRegistrationsByActivity(activity.id)).toHaveLength(5)
    })

    it('writes nothing when the work throws, and rethrows the same error', async () => {
      const activity = makeActivity({ confirmedCount: 2, nextSeq: 3 })
      const existing = makeRegistration({ personId: personId(1), status: 'waitlisted', seq: 2 })
      await store.putActivity(activity)
      await putRegistration(existing)
      const boom = new Error('boom')

      const attempt = store.transaction(async (tx) => {
        await tx.putActivity({ ...activity, confirmedCount: 99, nextSeq: 100 })
        await tx.putRegistration({ ...existing, status: 'confirmed', promotedAt: at(1) })
        await tx.putRegistration(makeRegistration({ personId: personId(2) }))
        throw boom
      })

      await expect(attempt).rejects.toBe(boom)
      expect(await store.getActivity(activity.id)).toStrictEqual(activity)
      expect(await store.getRegistration(existing.id)).toStrictEqual(existing)
      expect(await store.getRegistration(makeRegistration({ personId: personId(2) }).id)).toBeNull()
    })

    it('commits persons, check-ins, invites and grants written through tx, and reads them back inside', async () => {
      const person = makePerson({ cardVersion: 1 })
      const checkIn = makeCheckIn()
      const invite = makeInvite()
      const grant = makeGrant()
      await store.putPerson(person)
      await store.putInvite(invite)
      const seen = await store.transaction(async (tx) => {
        const before = {
          person: await tx.getPerson(person.id),
          checkIn: await tx.getCheckIn(checkIn.id),
          invite: await tx.getInvite(invite.id),
          missingPerson: await tx.getPerson(personId('missing')),
          missingInvite: await tx.getInvite('invite-missing'),
        }
        await tx.putPerson({ ...person, cardVersion: 2 })
        await tx.putCheckIn(checkIn)
        await tx.putInvite({ ...invite, redeemedBy: grant.userId, redeemedAt: at(1) })
        await tx.putGrant(grant)
        // A transaction reads its own writes.
        return { before, after: { person: await tx.getPerson(person.id), checkIn: await tx.getCheckIn(checkIn.id) } }
      })
      expect(seen.before).toStrictEqual({ person, checkIn: null, invite, missingPerson: null, missingInvite: null })
      expect(seen.after).toStrictEqual({ person: { ...person, cardVersion: 2 }, checkIn })
      expect(await store.getPerson(person.id)).toStrictEqual({ ...person, cardVersion: 2 })
      expect(await store.getCheckIn(checkIn.id)).toStrictEqual(checkIn)
      expect(await store.getInvite(invite.id)).toStrictEqual({ ...invite, redeemedBy: grant.userId, redeemedAt: at(1) })
      expect(await store.listGrantsByUser(grant.userId)).toStrictEqual([grant])
    })

    it('writes no person, check-in, invite or grant when the work throws', async () => {
      const person = makePerson()
      const invite = makeInvite()
      const checkIn = makeCheckIn()
      await store.putPerson(person)
      await store.putInvite(invite)
      await store.transaction((tx) => tx.putCheckIn(checkIn))
      const boom = new Error('boom')

      const attempt = store.transaction(async (tx) => {
        await tx.putPerson({ ...person, cardVersion: 5 })
        await tx.putPerson(makePerson({ id: personId(2) }))
        await tx.putCheckIn({ ...checkIn, at: at(1), duplicates: [{ nonce: 'n', at: at(2), operatorId: userId(3), deviceId: 'd' }] })
        await tx.putCheckIn(makeCheckIn({ kind: 'out' }))
        await tx.putInvite({ ...invite, redeemedBy: userId(2), redeemedAt: at(1) })
        await tx.putInvite(makeInvite({ id: 'invite-0002' }))
        await tx.putGrant(makeGrant())
        throw boom
      })

      await expect(attempt).rejects.toBe(boom)
      expect(await store.getPerson(person.id)).toStrictEqual(person)
      expect(await store.getPerson(personId(2))).toBeNull()
      expect(await store.getCheckIn(checkIn.id)).toStrictEqual(checkIn)
      expect(await store.getCheckIn(makeCheckIn({ kind: 'out' }).id)).toBeNull()
      expect(await store.getInvite(invite.id)).toStrictEqual(invite)
      expect(await store.getInvite('invite-0002')).toBeNull()
      expect(await store.listGrantsByUser(makeGrant().userId)).toEqual([])
    })

    it('loses no update when 50 transactions increment one counter at once', async () => {
      const activity = makeActivity({ nextSeq: 1 })
      await store.putActivity(activity)
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          store.transaction(async (tx) => {
            const current = (await tx.getActivity(activity.id))!
            await tx.putActivity({ ...current, nextSeq: current.nextSeq + 1 })
            return current.nextSeq
          }),
        ),
      )
      expect((await store.getActivity(activity.id))!.nextSeq).toBe(51)
      // Each transaction saw a different value: they did not overlap.
      expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    })

    it('keeps the writes of concurrent transactions that succeed and drops those of the ones that fail', async () => {
      const activity = makeActivity({ confirmedCount: 0 })
      await store.putActivity(activity)
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          store.transaction(async (tx) => {
            const current = (await tx.getActivity(activity.id))!
            await tx.putActivity({ ...current, confirmedCount: current.confirmedCount + 1 })
            if (i % 2 === 1) throw new Error(`failure ${i}`)
          }),
        ),
      )
      expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(5)
      expect((await store.getActivity(activity.id))!.confirmedCount).toBe(5)
    })
  })

  describe('check-ins', () => {
    const A = activityId(1)
    const B = activityId(2)
    const putCheckIn = (c: CheckIn): Promise<void> => store.transaction((tx) => tx.putCheckIn(c))

    it('round-trips a check-in with nulls, and one with a reason and duplicates in order', async () => {
      const plain = makeCheckIn()
      const busy = makeCheckIn({
        registrationId: makeRegistration({ personId: personId(2) }).id,
        personId: personId(2),
        kind: 'out',
        method: 'roster',
        at: at(7 * 24 + 2),
        recordedAt: at(7 * 24 + 2.5),
        operatorId: userId(7),
        deviceId: 'console-甲',
        nonce: 'n-late',
        reason: '手机没电，工作人员手动签退',
        duplicates: [
          { nonce: 'n-2', at: at(7 * 24 + 2.1), operatorId: userId(8), deviceId: 'dev-b' },
          { nonce: 'n-1', at: at(7 * 24 + 2.05), operatorId: userId(7), deviceId: 'dev-a' },
        ],
      })
      await putCheckIn(plain)
      await putCheckIn(busy)
      expect(busy.id).toBe(checkInIdFor(busy.registrationId, 'out'))
      expect(await store.getCheckIn(plain.id)).toStrictEqual(plain)
      expect(await store.getCheckIn(busy.id)).toStrictEqual(busy)
      expect(await store.getCheckIn(checkInIdFor(plain.registrationId, 'out'))).toBeNull()
    })

    it('round-trips every check-in method', async () => {
      const methods = ['ticket', 'card', 'activity_code', 'roster', 'walk_in'] as const
      const all = methods.map((method, i) =>
        makeCheckIn({ registrationId: makeRegistration({ personId: personId(i) }).id, personId: personId(i), method }),
      )
      await putAll(all, putCheckIn)
      for (const c of all) expect(await store.getCheckIn(c.id)).toStrictEqual(c)
    })

    it('overwrites a check-in with the same id, including its duplicates', async () => {
      const first = makeCheckIn({ duplicates: [{ nonce: 'n-0', at: at(1), operatorId: userId(1), deviceId: 'd' }] })
      await putCheckIn(first)
      const replaced = { ...first, at: at(0.5), nonce: 'n-early', reason: '补录', duplicates: [] }
      await putCheckIn(replaced)
      expect(await store.getCheckIn(first.id)).toStrictEqual(replaced)
      expect(await store.listCheckInsByActivity(A)).toStrictEqual([replaced])
    })

    it('lists the check-ins and check-outs of one activity only', async () => {
      const regA1 = makeRegistration({ activityId: A, personId: personId(1) }).id
      const regA2 = makeRegistration({ activityId: A, personId: personId(2) }).id
      const regB1 = makeRegistration({ activityId: B, personId: personId(1) }).id
      const ofA = [
        makeCheckIn({ activityId: A, registrationId: regA1, kind: 'in' }),
        makeCheckIn({ activityId: A, registrationId: regA1, kind: 'out' }),
        makeCheckIn({ activityId: A, registrationId: regA2, personId: personId(2), kind: 'in' }),
      ]
      await putAll([...ofA, makeCheckIn({ activityId: B, registrationId: regB1 })], putCheckIn)
      expect(sortedById(await store.listCheckInsByActivity(A))).toStrictEqual(sortedById(ofA))
      expect(await store.listCheckInsByActivity(activityId(3))).toEqual([])
    })

    it(`lists all ${BEYOND_ONE_BATCH} check-ins of an activity`, async () => {
      const many = Array.from({ length: BEYOND_ONE_BATCH }, (_, i) =>
        makeCheckIn({ registrationId: makeRegistration({ personId: personId(i) }).id, personId: personId(i) }),
      )
      await putAll(many, putCheckIn)
      expect(ids(sortedById(await store.listCheckInsByActivity(A)))).toEqual(ids(sortedById(many)))
    })
  })

  describe('listActivitiesByDepartment', () => {
    const from = at(100)
    const to = at(200)

    it('keeps activities of the department starting strictly between the bounds, any status', async () => {
      await putAll(
        [
          makeActivity({ id: activityId(1), departmentCode: 'kx', startAt: from, endAt: at(101) }),
          makeActivity({ id: activityId(2), departmentCode: 'kx', startAt: plusMs(from, 1), endAt: at(101) }),
          makeActivity({ id: activityId(3), departmentCode: 'kx', startAt: plusMs(to, -1), endAt: at(201), status: 'cancelled' }),
          makeActivity({ id: activityId(4), departmentCode: 'kx', startAt: to, endAt: at(201) }),
          // Started before the window but still running: left out, the bound is on the start.
          makeActivity({ id: activityId(5), departmentCode: 'kx', startAt: plusMs(from, -1), endAt: at(150) }),
          makeActivity({ id: activityId(6), departmentCode: 'jiaoti', startAt: at(150), endAt: at(151) }),
        ],
        (a) => store.putActivity(a),
      )
      expect(ids(await store.listActivitiesByDepartment('kx', from, to))).toEqual([activityId(2), activityId(3)])
      expect(ids(await store.listActivitiesByDepartment('jiaoti', from, to))).toEqual([activityId(6)])
      expect(await store.listActivitiesByDepartment('nobody', from, to)).toEqual([])
      expect(await store.listActivitiesByDepartment('kx', to, from)).toEqual([])
    })

    it('returns whole activities, ordered by start time, then id, whatever the insertion order', async () => {
      const c = makeActivity({ id: activityId('c'), startAt: at(130), endAt: at(131), checkoutEnabled: true })
      const b = makeActivity({ id: activityId('b'), startAt: at(120), endAt: at(190) })
      const a = makeActivity({ id: activityId('a'), startAt: at(130), endAt: at(131), walkInsAllowed: true })
      const d = makeActivity({ id: activityId('d'), startAt: at(110), endAt: at(190), status: 'cancelled' })
      await putAll([c, b, a, d], (x) => store.putActivity(x))
      expect(await store.listActivitiesByDepartment('kx', from, to)).toStrictEqual([d, b, a, c])
    })

    it('compares instants as times, not as text', async () => {
      await store.putActivity(makeActivity({ id: activityId(1), startAt: at(150), endAt: at(151) }))
      // The same bounds written with a +08:00 offset.
      const shanghai = (instant: string) => new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().replace('Z', '+08:00')
      expect(ids(await store.listActivitiesByDepartment('kx', shanghai(at(149)), shanghai(at(151))))).toEqual([activityId(1)])
      expect(await store.listActivitiesByDepartment('kx', shanghai(at(150)), shanghai(at(151)))).toEqual([])
      expect(await store.listActivitiesByDepartment('kx', 'not a time', to)).toEqual([])
    })

    it(`lists all ${BEYOND_ONE_BATCH} activities of a department in order`, async () => {
      const all = Array.from({ length: BEYOND_ONE_BATCH }, (_, i) =>
        makeActivity({ id: activityId(i), startAt: at(101 + Math.floor(i / 3) / 2), endAt: at(199) }),
      )
      await putAll([...all].reverse(), (a) => store.putActivity(a))
      await store.putActivity(makeActivity({ id: activityId('other'), departmentCode: 'jiaoti', startAt: at(150), endAt: at(151) }))
      expect(ids(await store.listActivitiesByDepartment('kx', from, to))).toEqual(ids(all))
    })
  })

  describe('scanner invites and grants', () => {
    it('round-trips an invite before and after it is redeemed', async () => {
      const invite = makeInvite({ activityIds: [activityId(1), activityId(2)] })
      await store.putInvite(invite)
      expect(await store.getInvite(invite.id)).toStrictEqual(invite)
      const redeemed = { ...invite, redeemedBy: userId(2), redeemedAt: at(3) }
      await store.putInvite(redeemed)
      expect(await store.getInvite(invite.id)).toStrictEqual(redeemed)
      expect(await store.getInvite('invite-missing')).toBeNull()
    })

    it('round-trips an invite with no activities', async () => {
      const invite = makeInvite({ activityIds: [] })
      await store.putInvite(invite)
      expect(await store.getInvite(invite.id)).toStrictEqual(invite)
    })

    it('lists the grants of one user only, each with its activities', async () => {
      const mine = [
        makeGrant({ id: 'grant-1', activityIds: [activityId(1), activityId(2)] }),
        makeGrant({ id: 'grant-2', activityIds: [], createdAt: at(1) }),
      ]
      const theirs = makeGrant({ id: 'grant-3', userId: userId(3) })
      await store.transaction(async (tx) => {
        for (const g of [...mine, theirs]) await tx.putGrant(g)
      })
      expect(sortedById(await store.listGrantsByUser(userId(2)))).toStrictEqual(mine)
      expect(await store.listGrantsByUser(userId(3))).toStrictEqual([theirs])
      expect(await store.listGrantsByUser(userId(9))).toEqual([])
    })

    it('replaces a grant with the same id', async () => {
      await store.transaction((tx) => tx.putGrant(makeGrant()))
      const extended = makeGrant({ validTo: at(7 * 24 + 8), activityIds: [activityId(1), activityId(3)] })
      await store.transaction((tx) => tx.putGrant(extended))
      expect(await store.listGrantsByUser(extended.userId)).toStrictEqual([extended])
    })

    it(`lists all ${BEYOND_ONE_BATCH} grants of a user`, async () => {
      const many = Array.from({ length: BEYOND_ONE_BATCH }, (_, i) => makeGrant({ id: `grant-${String(i).padStart(4, '0')}` }))
      await putAll(many, (g) => store.transaction((tx) => tx.putGrant(g)))
      expect(ids(sortedById(await store.listGrantsByUser(userId(2))))).toEqual(ids(many))
    })
  })

  describe('check-in under concurrent scans', () => {
    const SCANS = 20
    const activity = makeActivity({ startAt: at(7 * 24), endAt: at(7 * 24 + 2) })
    const registration = makeRegistration()
    const checkInId = checkInIdFor(registration.id, 'in')
    const NOW = at(7 * 24 + 2)
    // Twenty devices scan the same ticket; the minutes are a permutation of 0..19, the earliest is scan 11.
    const attempts: CheckInAttempt[] = Array.from({ length: SCANS }, (_, i) => ({
      kind: 'in',
      method: 'ticket',
      at: plusMs(at(7 * 24 - 1), ((i * 7 + 3) % SCANS) * 60_000),
      nonce: `nonce-${String(i).padStart(2, '0')}`,
      operatorId: userId('org'),
      deviceId: `dev-${i}`,
      reason: null,
    }))
    const earliest = attempts[11]

    /** What the check-in handler does: read, decide, write back, all in one transaction. */
    const scan = (attempt: CheckInAttempt): Promise<CheckInDecision> =>
      store.transaction(async (tx) => {
        const d = unwrap(
          decideCheckIn({
            activity: (await tx.getActivity(activity.id))!,
            registration: await tx.getRegistration(registration.id),
            existing: await tx.getCheckIn(checkInId),
            attempt,
            now: NOW,
          }),
        )
        if (!d.unchanged) {
          await tx.putCheckIn(d.checkIn)
          await tx.putRegistration(d.registration)
        }
        return d
      })

    const state = async () => ({
      checkIns: await store.listCheckInsByActivity(activity.id),
      registration: await store.getRegistration(registration.id),
    })

    beforeEach(async () => {
      await store.putActivity(activity)
      await putRegistration(registration)
    })

    it('keeps exactly one check-in, the earliest scan, with the others as duplicates', async () => {
      expect(Math.min(...attempts.map((a) => Date.parse(a.at)))).toBe(Date.parse(earliest.at))
      const decisions = await Promise.all(attempts.map(scan))
      expect(decisions.filter((d) => d.verdict === 'ok')).toHaveLength(1)

      const { checkIns, registration: stored } = await state()
      expect(checkIns).toHaveLength(1)
      const [checkIn] = checkIns
      expect(checkIn).toMatchObject({ id: checkInId, at: earliest.at, nonce: earliest.nonce, deviceId: earliest.deviceId })
      expect(checkIn.duplicates).toHaveLength(DUPLICATES_KEPT_MAX)
      const nonces = [checkIn.nonce, ...checkIn.duplicates.map((d) => d.nonce)]
      expect(new Set(nonces).size).toBe(DUPLICATES_KEPT_MAX + 1)
      for (const d of checkIn.duplicates) {
        expect(attempts.find((a) => a.nonce === d.nonce)).toMatchObject({ at: d.at, deviceId: d.deviceId, operatorId: d.operatorId })
      }
      expect(stored).toStrictEqual({ ...registration, attendance: 'attended', checkedInAt: earliest.at, updatedAt: checkIn.recordedAt })
      expect(await store.getCheckIn(checkInId)).toStrictEqual(checkIn)
    })

    it('changes nothing when the scans it kept are replayed', async () => {
      await Promise.all(attempts.map(scan))
      const before = await state()
      const kept = new Set([before.checkIns[0].nonce, ...before.checkIns[0].duplicates.map((d) => d.nonce)])
      const replays = await Promise.all(attempts.filter((a) => kept.has(a.nonce)).map(scan))
      expect(replays).toHaveLength(DUPLICATES_KEPT_MAX + 1)
      expect(replays.every((d) => d.unchanged && d.verdict === 'already')).toBe(true)
      expect(await state()).toStrictEqual(before)
    })

    // Only DUPLICATES_KEPT_MAX losing nonces are remembered; the others were dropped, never rotated in,
    // so replaying a forgotten scan is still recognised as a later loser and writes nothing.
    it('changes nothing when all 20 scans are replayed', async () => {
      await Promise.all(attempts.map(scan))
      const before = await state()
      const replays: CheckInDecision[] = []
      for (const a of attempts) replays.push(await scan(a))
      // The nonces whose replay wrote something.
      expect(attempts.filter((_, i) => !replays[i].unchanged).map((a) => a.nonce)).toEqual([])
      expect(await state()).toStrictEqual(before)
    })
  })

  describe('capacity under concurrent sign-ups (through the handlers)', () => {
    const NOW = at(1)
    const CAPACITY = 10
    const WAITLIST_LIMIT = 20
    const APPLICANTS = 40
    const activity = makeActivity({ id: activityId('popular'), capacity: CAPACITY, waitlistLimit: WAITLIST_LIMIT })
    const users = Array.from({ length: APPLICANTS }, (_, i) => makeUser({ id: userId(i), displayName: `居民${i}` }))
    const persons = users.map((u, i) => makePerson({ id: personId(i), ownerId: u.id, name: `参与人${i}` }))

    it('confirms exactly the capacity, waitlists up to the limit, refuses the rest, and promotes in order', async () => {
      const unexpected: unknown[] = []
      const deps: Deps = { store, clock: { now: () => NOW }, random: () => 0.5 }
      const call = (action: string, data: unknown, user: (typeof users)[number]): Promise<Reply> =>
        dispatch(FUNCTIONS.registrations, action, data, user, deps, (_msg, err) => unexpected.push(err))

      await store.putActivity(activity)
      await putAll(persons, (p) => store.putPerson(p))
      // Sign-ups need the privacy notice agreed first.
      await putAll(users, (u) => agreePrivacy(store, u.id))

      const replies = await Promise.all(
        users.map((u, i) => call('signUp', { activityId: activity.id, personId: persons[i].id }, u)),
      )
      expect(unexpected).toEqual([])
      const views = replies.flatMap((r) => (r.ok ? [r.data as RegistrationView] : []))
      const failures = replies.flatMap((r) => (r.ok ? [] : [r.error.code]))
      expect(views.filter((v) => v.status === 'confirmed')).toHaveLength(CAPACITY)
      expect(views.filter((v) => v.status === 'waitlisted')).toHaveLength(WAITLIST_LIMIT)
      expect(failures).toEqual(Array(APPLICANTS - CAPACITY - WAITLIST_LIMIT).fill('REGISTRATION.FULL'))

      const stored = await store.listRegistrationsByActivity(activity.id)
      const confirmed = stored.filter((r) => r.status === 'confirmed')
      const waitlisted = stored.filter((r) => r.status === 'waitlisted')
      expect(stored).toHaveLength(CAPACITY + WAITLIST_LIMIT)
      expect(confirmed).toHaveLength(CAPACITY)
      expect(waitlisted).toHaveLength(WAITLIST_LIMIT)
      expect(new Set(stored.map((r) => r.seq)).size).toBe(stored.length)
      // Nobody waits while a seat is free: every confirmed seat was taken before any waitlist place.
      expect(Math.max(...confirmed.map((r) => r.seq))).toBeLessThan(Math.min(...waitlisted.map((r) => r.seq)))
      const afterSignUps = (await store.getActivity(activity.id))!
      expect(afterSignUps.confirmedCount).toBe(confirmed.length)
      expect(afterSignUps.waitlistCount).toBe(waitlisted.length)
      expect(afterSignUps.nextSeq).toBe(activity.nextSeq + stored.length)

      // Three confirmed people cancel at the same moment.
      const leaving = confirmed.slice(0, 3)
      const ownerOf = (r: Registration) => users.find((u) => u.id === r.ownerId)!
      const cancels = await Promise.all(leaving.map((r) => call('cancel', { registrationId: r.id }, ownerOf(r))))
      expect(unexpected).toEqual([])
      expect(cancels.every((r) => r.ok)).toBe(true)
      const promotedCount = cancels.reduce((n, r) => n + (r.ok ? (r.data as { promoted: number }).promoted : 0), 0)
      expect(promotedCount).toBe(3)

      const final = await store.listRegistrationsByActivity(activity.id)
      const finalConfirmed = final.filter((r) => r.status === 'confirmed')
      const finalWaitlisted = final.filter((r) => r.status === 'waitlisted')
      const promoted = final.filter((r) => r.promotedAt !== null)
      expect(finalConfirmed).toHaveLength(CAPACITY)
      expect(finalWaitlisted).toHaveLength(WAITLIST_LIMIT - 3)
      expect(ids(sortedById(promoted))).toEqual(ids(sortedById(waitlisted.slice(0, 3))))
      expect(promoted.every((r) => r.status === 'confirmed' && r.promotedAt === NOW)).toBe(true)
      expect(ids(final.filter((r) => r.status === 'cancelled'))).toEqual(ids(leaving))
      const afterCancels = (await store.getActivity(activity.id))!
      expect(afterCancels.confirmedCount).toBe(finalConfirmed.length)
      expect(afterCancels.waitlistCount).toBe(finalWaitlisted.length)
    })
  })
})
