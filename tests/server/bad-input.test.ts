// Every rejected request answers a typed error code with a Chinese message and writes nothing.
import { startHarness, type Harness } from '../support/server-harness'
import { buildWorld, WORLD } from '../support/world'
import { at } from '../support/factories'

const U = WORLD.users
const P = WORLD.persons
const A = WORLD.activities

describe('bad input through the gateway', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(at(1))
    await buildWorld(h.store)
    // Existing state some cases collide with.
    await h.call('registrations', 'signUp', { activityId: A.open, personId: P.resident }, U.resident)
    await h.call('registrations', 'signUp', { activityId: A.noWaitlist, personId: P.other }, U.other)
  })
  afterAll(() => h.close())

  const cases: Array<[string, string, string, unknown, string, string?]> = [
    ['an unknown activity', 'registrations', 'signUp', { activityId: 'act-nope', personId: P.resident }, 'ACTIVITY.NOT_FOUND'],
    ['an unknown activity (details)', 'activities', 'get', { id: 'act-nope' }, 'ACTIVITY.NOT_FOUND'],
    ['sign-up not yet open', 'registrations', 'signUp', { activityId: A.notOpen, personId: P.resident }, 'REGISTRATION.NOT_OPEN'],
    ['sign-up closed', 'registrations', 'signUp', { activityId: A.closed, personId: P.resident }, 'REGISTRATION.CLOSED'],
    ['a past activity', 'registrations', 'signUp', { activityId: A.past, personId: P.resident }, 'REGISTRATION.CLOSED'],
    ['a duplicate sign-up', 'registrations', 'signUp', { activityId: A.open, personId: P.resident }, 'REGISTRATION.DUPLICATE'],
    ['full with no waitlist', 'registrations', 'signUp', { activityId: A.noWaitlist, personId: P.resident }, 'REGISTRATION.FULL'],
    ['cancelling someone else’s registration', 'registrations', 'cancel', { registrationId: `reg-${A.noWaitlist}-${P.other}` }, 'REGISTRATION.NOT_YOURS'],
    ['cancelling a registration that does not exist', 'registrations', 'cancel', { registrationId: 'reg-none' }, 'REGISTRATION.NOT_FOUND'],
    ['signing up a person the caller does not manage', 'registrations', 'signUp', { activityId: A.open, personId: P.other }, 'PERSON.NOT_MANAGED'],
    ['editing a person the caller does not manage', 'persons', 'update', { id: P.other, name: '冒名', birthYear: 1980, targetGroup: 'public', areaId: WORLD.area }, 'PERSON.NOT_MANAGED'],
    ['deleting a person the caller does not manage', 'persons', 'remove', { id: P.other }, 'PERSON.NOT_MANAGED'],
    ['a malformed activity id', 'registrations', 'signUp', { activityId: "act'; DROP TABLE activities;--", personId: P.resident }, 'INPUT.INVALID_ID', 'activityId'],
    ['a malformed person id', 'persons', 'remove', { id: '' }, 'INPUT.INVALID_ID', 'id'],
    ['a non-string id', 'registrations', 'cancel', { registrationId: { $ne: null } }, 'INPUT.INVALID_ID', 'registrationId'],
    ['an oversize name', 'persons', 'create', { name: '名'.repeat(21), birthYear: 1950, targetGroup: 'senior', areaId: WORLD.area }, 'INPUT.TOO_LONG', 'name'],
    ['an oversize search', 'activities', 'list', { filter: { text: '搜'.repeat(41) } }, 'INPUT.TOO_LONG', 'filter.text'],
    ['an oversize area name', 'catalog', 'saveArea', { name: '街'.repeat(21), kind: 'street' }, 'AUTH.FORBIDDEN'],
    ['a child without guardian consent', 'persons', 'create', { name: '小朋友', birthYear: 2020, targetGroup: 'youth', areaId: WORLD.area }, 'PERSON.CONSENT_REQUIRED'],
    ['an unknown area', 'persons', 'create', { name: '王', birthYear: 1950, targetGroup: 'senior', areaId: 'area-mars' }, 'AREA.NOT_FOUND', 'areaId'],
    ['a birth year in the future', 'persons', 'create', { name: '王', birthYear: 2030, targetGroup: 'senior', areaId: WORLD.area }, 'INPUT.INVALID', 'birthYear'],
    ['a second self', 'persons', 'create', { name: '王', birthYear: 1950, targetGroup: 'senior', areaId: WORLD.area, isSelf: true }, 'PERSON.SELF_EXISTS'],
    ['an identity in the body', 'persons', 'list', { ownerId: U.other }, 'INPUT.INVALID'],
    ['an unknown filter value', 'activities', 'list', { filter: { date: 'century' } }, 'INPUT.INVALID', 'filter.date'],
    ['a negative offset', 'activities', 'list', { offset: -1 }, 'INPUT.INVALID', 'offset'],
    ['an oversize scanned code', 'checkin', 'scan', { activityId: A.open, code: 'K'.repeat(401), nonce: 'nonce-0001', deviceId: 'dev-1' }, 'INPUT.TOO_LONG', 'code'],
    ['a malformed nonce', 'checkin', 'scan', { activityId: A.open, code: 'x', nonce: 'x', deviceId: 'dev-1' }, 'INPUT.INVALID_ID', 'nonce'],
    ['a time that is not a time', 'checkin', 'scan', { activityId: A.open, code: 'x', nonce: 'nonce-0001', deviceId: 'dev-1', at: 'yesterday' }, 'INPUT.INVALID', 'at'],
    ['a roster tick without a reason', 'checkin', 'tick', { activityId: A.open, registrationId: 'reg-1', reason: ' ', nonce: 'nonce-0001', deviceId: 'dev-1' }, 'INPUT.INVALID', 'reason'],
    ['an oversize reason', 'checkin', 'tick', { activityId: A.open, registrationId: 'reg-1', reason: '因'.repeat(41), nonce: 'nonce-0001', deviceId: 'dev-1' }, 'INPUT.TOO_LONG', 'reason'],
    ['an empty sync batch', 'checkin', 'sync', { activityId: A.open, deviceId: 'dev-1', items: [] }, 'INPUT.INVALID', 'items'],
    ['a sync batch over 200', 'checkin', 'sync', { activityId: A.open, deviceId: 'dev-1', items: Array.from({ length: 201 }, (_, i) => ({ nonce: `nonce-${1000 + i}`, at: at(1), registrationId: 'reg-1' })) }, 'INPUT.INVALID', 'items'],
    ['a malformed invite code', 'checkin', 'redeem', { code: 'abc' }, 'INVITE.INVALID', 'code'],
    ['an unknown invite code', 'checkin', 'redeem', { code: 'ZZZZ9999' }, 'INVITE.INVALID'],
    ['scanning without being an operator', 'checkin', 'scan', { activityId: A.open, code: 'x', nonce: 'nonce-0001', deviceId: 'dev-1' }, 'AUTH.FORBIDDEN'],
    ['an activity code that is not one', 'checkin', 'self', { code: 'KP1.A.act-open.1.xxxxxxxxxx', personIds: [P.resident] }, 'CHECKIN.INVALID_CODE'],
    ['a card for a person the caller does not manage', 'checkin', 'issueCard', { personId: P.other }, 'PERSON.NOT_MANAGED'],
    ['an unknown action', 'registrations', 'deleteEverything', {}, 'ACTION.UNKNOWN'],
    ['a prototype key as action', 'registrations', '__proto__', {}, 'ACTION.UNKNOWN'],
  ]

  // Rows without a field get an explicit null, so jest passes six arguments to every row.
  it.each(cases.map((c) => [c[0], c[1], c[2], c[3], c[4], c[5] ?? null] as const))('rejects %s', async (_name, fn, action, data, code, field) => {
    const before = h.snapshot()
    const reply = await h.call(fn, action, data, U.resident)
    expect(reply.ok).toBe(false)
    expect(reply.error.code).toBe(code)
    if (field) expect(reply.error.field).toBe(field)
    expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(h.snapshot()).toBe(before)
  })

  it.each([
    ['merging a person into itself', 'mergePersons', { personId: P.residentMother, intoPersonId: P.residentMother }, 'PERSON.MERGE_SAME'],
    ['merging an unknown person', 'mergePersons', { personId: 'per-nobody', intoPersonId: P.residentMother }, 'PERSON.NOT_FOUND'],
    ['merging into an unknown person', 'mergePersons', { personId: P.residentMother, intoPersonId: 'per-nobody' }, 'PERSON.NOT_FOUND'],
    ['a malformed person id to merge', 'mergePersons', { personId: '../x', intoPersonId: P.residentMother }, 'INPUT.INVALID_ID'],
    ['an oversize name to look up', 'findPersons', { name: '名'.repeat(21) }, 'INPUT.TOO_LONG'],
  ])('rejects %s from an admin', async (_name, action, data, code) => {
    const before = h.snapshot()
    const reply = await h.call('ledger', action, data, U.admin)
    expect(reply).toMatchObject({ ok: false, error: { code } })
    expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(h.snapshot()).toBe(before)
  })

  it.each([
    ['an invite window that ends before it starts', 'invite', { activityIds: [A.open], validFrom: at(10), validTo: at(5) }, 'INPUT.INVALID'],
    ['an invite window over 30 days', 'invite', { activityIds: [A.open], validFrom: at(0), validTo: at(31 * 24) }, 'INPUT.INVALID'],
    ['an invite for an unknown activity', 'invite', { activityIds: ['act-nope'], validFrom: at(0), validTo: at(5) }, 'ACTIVITY.NOT_FOUND'],
    ['a walk-in in an unknown area', 'walkIn', { activityId: A.open, name: '王', targetGroup: 'senior', areaId: 'area-mars', nonce: 'nonce-0002', deviceId: 'dev-1' }, 'AREA.NOT_FOUND'],
    ['finalising before the activity ends', 'finalize', { activityId: A.open }, 'CHECKIN.NOT_FINISHED'],
  ])('rejects %s from an organizer', async (_name, action, data, code) => {
    const before = h.snapshot()
    const reply = await h.call('checkin', action, data, U.organizer)
    expect(reply).toMatchObject({ ok: false, error: { code } })
    expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect(h.snapshot()).toBe(before)
  })

  it('rejects an oversize area name from an admin', async () => {
    const before = h.snapshot()
    const reply = await h.call('catalog', 'saveArea', { name: '街'.repeat(21), kind: 'street' }, U.admin)
    expect(reply).toMatchObject({ ok: false, error: { code: 'INPUT.TOO_LONG', field: 'name' } })
    expect(h.snapshot()).toBe(before)
  })

  it.each([
    ['a body that is not JSON', '/api/persons', '{"action":', 400, 'INPUT.INVALID'],
    ['a JSON array', '/api/persons', '[1,2]', 400, 'INPUT.INVALID'],
    ['a body over 64 KB', '/api/persons', JSON.stringify({ action: 'create', data: { name: 'x'.repeat(70_000) } }), 413, 'INPUT.TOO_LONG'],
    ['an unknown function', '/api/nothing', '{"action":"list"}', 404, 'ACTION.UNKNOWN'],
  ])('rejects %s', async (_name, path, body, status, code) => {
    const before = h.snapshot()
    const res = await h.post(path, body, U.resident)
    expect(res.status).toBe(status)
    expect(res.json).toMatchObject({ ok: false, error: { code } })
    expect(h.snapshot()).toBe(before)
  })
})
