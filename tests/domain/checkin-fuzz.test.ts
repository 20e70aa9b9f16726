// Feeds 12,000 forged, truncated, expired, replayed, wrong-activity and bit-flipped codes to the
// verifier a console uses (and, for cards, the server's MAC check). None may be accepted.
import { cardCode, cardMacValid, deriveActivityKey, parseCode, slotAt, ticketCode, SLOT_SECONDS } from '../../src/domain/checkin/codes'
import { resolveScan } from '../../src/domain/checkin/rules'
import type { RegistrationId } from '../../src/domain/ids'
import { activityId, at, personId } from '../support/factories'

const MASTER = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 255)
const A = activityId(1)
const KEY = deriveActivityKey(MASTER, A)
const NOW = at(7 * 24)
const SLOT = slotAt(NOW)
const PER_KIND = 2000

/** A small deterministic PRNG so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0) / 2 ** 32)
}
const rand = prng(20261130)
const pick = (n: number) => Math.floor(rand() * n)
const reg = (i: number) => `reg-${A}-per-${String(i).padStart(4, '0')}` as RegistrationId
const genuine = (i: number, slot = SLOT) => ticketCode(KEY, A, reg(i), slot)
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'

function flipBit(text: string): string {
  const i = pick(text.length)
  const c = text.charCodeAt(i) ^ (1 << pick(7))
  return text.slice(0, i) + String.fromCharCode(c) + text.slice(i + 1)
}

const cases: Array<[string, () => string]> = [
  ['forged MAC', () => genuine(pick(500)).replace(/\.[^.]+$/, '.' + Array.from({ length: 16 }, () => ALPHABET[pick(64)]).join(''))],
  ['truncated', () => { const g = genuine(pick(500)); return g.slice(0, 1 + pick(g.length - 1)) }],
  ['expired', () => genuine(pick(500), SLOT - 2 - pick(10_000))],
  ['from the future', () => genuine(pick(500), SLOT + 2 + pick(10_000))],
  ['wrong activity', () => { const other = activityId(2 + pick(50)); return ticketCode(deriveActivityKey(MASTER, other), other, reg(pick(500)), SLOT) }],
  ['bit-flipped', () => flipBit(genuine(pick(500)))],
]

describe('check-in code fuzzing', () => {
  it.each(cases)('accepts no %s code', (_name, make) => {
    let accepted = 0
    for (let i = 0; i < PER_KIND; i++) {
      const text = make()
      const r = resolveScan(parseCode(text), { activityId: A, activityKey: KEY, now: NOW })
      // A bit flip can land in a place the parser ignores only if it yields the same code.
      if (r.ok && text !== genuine(Number(/per-(\d{4})/.exec(text)?.[1] ?? -1))) accepted++
    }
    expect(accepted).toBe(0)
  })

  it('accepts every genuine ticket in its window (the verifier is not just refusing everything)', () => {
    for (let i = 0; i < 200; i++) {
      expect(resolveScan(parseCode(genuine(i)), { activityId: A, activityKey: KEY, now: NOW })).toEqual({ ok: true, value: { kind: 'ticket', registrationId: reg(i) } })
    }
  })

  it('accepts a replayed ticket only within ±1 slot; the check-in itself is idempotent (see checkin.test.ts)', () => {
    const code = genuine(1)
    const at30s = (k: number) => new Date(Date.parse(NOW) + k * SLOT_SECONDS * 1000).toISOString()
    const verdicts = [-3, -2, -1, 0, 1, 2, 3].map((k) => resolveScan(parseCode(code), { activityId: A, activityKey: KEY, now: at30s(k) }).ok)
    expect(verdicts).toEqual([false, false, true, true, true, false, false])
  })

  it('accepts no forged, bit-flipped or re-versioned card', () => {
    let accepted = 0
    for (let i = 0; i < 2000; i++) {
      const p = personId(pick(500))
      const real = cardCode(MASTER, p, 1 + pick(5))
      const variants = [flipBit(real), real.replace(/\.(\d+)\./, (_m, v) => `.${Number(v) + 1}.`), cardCode(new Uint8Array(32), p, 1)]
      for (const v of variants) {
        const parsed = parseCode(v)
        if (parsed?.kind === 'card' && cardMacValid(MASTER, parsed) && v !== real) accepted++
      }
    }
    expect(accepted).toBe(0)
  })
})
