// The console's offline verdicts over a downloaded bundle: the same answers the server would give.
import { base64url, cardCode, cardDigest, deriveActivityKey, slotAt, ticketCode } from '../../src/domain/checkin/codes'
import type { OfflineBundle } from '../../src/domain/contracts'
import type { ActivityId, PersonId, RegistrationId } from '../../src/domain/ids'
import { applyLocalCheckIn, batches, decideOffline, enqueue, settle } from '../../src/packages/console/offline-rules'
import { at } from '../support/factories'

const MASTER = new Uint8Array(32).fill(3)
const A = 'act-offline' as ActivityId
const KEY = deriveActivityKey(MASTER, A)
const NOW = at(7 * 24)
const entry = (n: number, over: Partial<OfflineBundle['roster'][number]> = {}): OfflineBundle['roster'][number] => ({
  registrationId: `reg-${A}-per-${n}` as RegistrationId,
  personId: `per-${n}` as PersonId,
  name: `居民${n}`,
  targetGroup: 'senior',
  areaName: '环翠楼街道',
  phoneLast4: null,
  phone: null,
  status: 'confirmed',
  walkIn: false,
  attendance: null,
  checkedInAt: null,
  checkedOutAt: null,
  checkedInBy: null,
  method: null,
  cardDigest: null,
  ...over,
})
const bundle: OfflineBundle = {
  activityId: A,
  activity: { id: A, startAt: NOW, endAt: at(7 * 24 + 2), status: 'published' } as OfflineBundle['activity'],
  activityKey: base64url(KEY),
  issuedAt: at(0),
  expiresAt: at(7 * 24 + 5),
  checkoutEnabled: false,
  roster: [
    entry(1),
    entry(2, { checkedInAt: at(7 * 24 - 0.1), checkedInBy: '陈静' }),
    entry(3, { status: 'waitlisted' }),
    entry(4, { cardDigest: cardDigest(cardCode(MASTER, 'per-4' as PersonId, 2)) }),
  ],
  revoked: [`reg-${A}-per-9` as RegistrationId],
}
const ticket = (n: number, now = NOW) => ticketCode(KEY, A, `reg-${A}-per-${n}` as RegistrationId, slotAt(now))

describe('offline console verdicts', () => {
  it.each([
    ['签到成功 for a confirmed ticket', ticket(1), { ok: true, verdict: 'ok' }],
    ['已签到 with the earlier time', ticket(2), { ok: true, verdict: 'already', at: at(7 * 24 - 0.1), operatorName: '陈静' }],
    ['候补 is waitlisted, not checked in', ticket(3), { ok: false, code: 'CHECKIN.WAITLISTED' }],
    ['a revoked (cancelled) ticket', ticket(9), { ok: false, code: 'CHECKIN.CANCELLED' }],
    ['a ticket not on the roster', ticket(7), { ok: false, code: 'CHECKIN.NOT_REGISTERED' }],
    ['an expired ticket', ticket(1, at(7 * 24 - 1)), { ok: false, code: 'CHECKIN.EXPIRED' }],
    ['another activity’s ticket', ticketCode(deriveActivityKey(MASTER, 'act-x' as ActivityId), 'act-x' as ActivityId, 'reg-1' as RegistrationId, slotAt(NOW)), { ok: false, code: 'CHECKIN.WRONG_ACTIVITY' }],
    ['a forged ticket', ticket(1).slice(0, -2) + 'zz', { ok: false, code: 'CHECKIN.INVALID_CODE' }],
    ['the current card', cardCode(MASTER, 'per-4' as PersonId, 2), { ok: true, verdict: 'ok' }],
    ['a revoked card', cardCode(MASTER, 'per-4' as PersonId, 1), { ok: false, code: 'CHECKIN.CARD_REVOKED' }],
  ])('%s', (_name, code, expected) => {
    expect(decideOffline(bundle, { code, kind: 'in', now: NOW })).toMatchObject(expected)
  })

  it('refuses an expired bundle and check-ins outside the window', () => {
    expect(decideOffline(bundle, { code: ticket(1, at(7 * 24 + 6)), kind: 'in', now: at(7 * 24 + 6) })).toMatchObject({ ok: false, code: 'OFFLINE.BUNDLE_EXPIRED' })
    expect(decideOffline(bundle, { registrationId: entry(1).registrationId, kind: 'in', now: at(7 * 24 - 3) })).toMatchObject({ ok: false, code: 'CHECKIN.OUTSIDE_WINDOW' })
  })

  it('answers 已签到 after a local check-in, and settles the queue from the sync results', () => {
    const after = applyLocalCheckIn(bundle, entry(1).registrationId, 'in', NOW, '陈静')
    expect(decideOffline(after, { code: ticket(1), kind: 'in', now: NOW })).toMatchObject({ ok: true, verdict: 'already', at: NOW })
    const queue = enqueue(enqueue([], { nonce: 'n-00000001', at: NOW, kind: 'in', code: ticket(1), name: '居民1' }), { nonce: 'n-00000002', at: NOW, kind: 'in', registrationId: 'reg-x', reason: '忘带手机', name: '居民2' })
    const { remaining, settled } = settle(queue, [{ nonce: 'n-00000001', ok: true, verdict: 'ok' }, { nonce: 'n-00000002', ok: false, code: 'CHECKIN.NOT_REGISTERED', message: '未报名' }])
    expect(remaining).toEqual([])
    expect(settled).toHaveLength(2)
    expect(batches(Array.from({ length: 450 }, (_, i) => i)).map((b) => b.length)).toEqual([200, 200, 50])
  })
})
