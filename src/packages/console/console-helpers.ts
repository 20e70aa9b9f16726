// Pure helpers for the console pages: roster labels and search, form checks, time-window fields.

import { matchesRoster } from '../../domain/checkin/rules'
import type { RosterEntry } from '../../domain/contracts'
import { PERSON_NAME_INVALID_MESSAGE, PHONE_INVALID_MESSAGE, checkWalkInPerson, isPersonName, isPhone } from '../../domain/persons/rules'
import type { Instant } from '../../domain/time'
import { NAME_MAX, REASON_MAX } from '../../domain/limits'

export const REASON_MAX_CHARS = REASON_MAX
export const NAME_MAX_CHARS = NAME_MAX
/** How many roster rows are drawn at once; a search narrows the rest. */
export const ROSTER_PAGE_ROWS = 50

export type RosterTone = 'success' | 'warning' | 'neutral' | 'danger' | 'brand'

/** What a roster row says about a person, e.g. { label: '已签到 09:12', tone: 'success' }. */
export function rosterStatus(e: Pick<RosterEntry, 'status' | 'checkedInAt' | 'checkedOutAt' | 'attendance'>, clock: (instant: string) => string): { label: string; tone: RosterTone } {
  if (e.status === 'cancelled') return { label: '已取消', tone: 'neutral' }
  if (e.status === 'waitlisted') return { label: '候补', tone: 'warning' }
  if (e.checkedOutAt) return { label: `已签退 ${clock(e.checkedOutAt)}`, tone: 'success' }
  if (e.checkedInAt) return { label: `已签到 ${clock(e.checkedInAt)}`, tone: 'success' }
  if (e.attendance === 'no_show') return { label: '缺席', tone: 'danger' }
  return { label: '未到', tone: 'brand' }
}

/** Only confirmed people who have not checked in can be ticked by hand. */
export const canTick = (e: Pick<RosterEntry, 'status' | 'checkedInAt'>): boolean => e.status === 'confirmed' && !e.checkedInAt

/** Roster rows matching the search (name, last 4 phone digits or code), not yet checked in first. */
export function searchRoster<T extends Pick<RosterEntry, 'name' | 'phoneLast4' | 'registrationId' | 'status' | 'checkedInAt'>>(roster: readonly T[], query: string): T[] {
  const rank = (e: T) => (e.status !== 'confirmed' ? 2 : e.checkedInAt ? 1 : 0)
  return roster
    .filter((e) => matchesRoster(e, query))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => e)
}

/** Why a manual-check-in reason cannot be sent, or '' when it can. */
export function reasonProblem(reason: string): string {
  const t = reason.trim()
  if (!t) return '请填写手动签到的原因'
  if (t.length > REASON_MAX_CHARS) return `原因不能超过${REASON_MAX_CHARS}个字`
  return ''
}

/** A typed birth year: null when left empty, 'invalid' unless four digits. */
export function parseBirthYear(text: string): number | null | 'invalid' {
  const t = text.trim()
  if (!t) return null
  return /^\d{4}$/.test(t) ? Number(t) : 'invalid'
}

/** Why a 现场报名 form cannot be sent, or '' when it can (the person rules are the domain's). */
export function walkInProblem(
  form: { name: string; targetGroup: string | null; areaId: string | null; birthYear: number | null; guardianConsent: boolean; phone?: string },
  now: Instant,
): string {
  const name = form.name.trim()
  if (!name) return '请填写姓名'
  if (name.length > NAME_MAX_CHARS) return `姓名不能超过${NAME_MAX_CHARS}个字`
  if (!isPersonName(name)) return PERSON_NAME_INVALID_MESSAGE
  if (!form.targetGroup) return '请选择重点人群'
  if (!form.areaId) return '请选择镇街'
  if (form.phone && !isPhone(form.phone)) return `${PHONE_INVALID_MESSAGE}，不填也可以`
  const person = checkWalkInPerson({ targetGroup: form.targetGroup, birthYear: form.birthYear ?? undefined, guardianConsent: form.guardianConsent }, now)
  return person.ok ? '' : person.error.message
}

/** Invite codes are 8 capital letters or digits; people type them in any case and with spaces. */
export const normalizeInviteCode = (text: string): string => text.replace(/[\s-]/g, '').toUpperCase()
export const isInviteCode = (text: string): boolean => /^[A-Z0-9]{8}$/.test(text)

/** A share as a percentage with one decimal, e.g. 0.125 → '12.5%'. */
export const percent = (share: number): string => `${(Math.round(share * 1000) / 10).toFixed(1)}%`


export interface ConflictGroup {
  readonly name: string
  readonly keptAt: string
  /** The later (discarded) scans, earliest first. */
  readonly others: { at: string; device: string }[]
}

/** The duplicate report grouped per person and kept check-in, e.g. 李娜 kept 14:04, 3 later scans. */
export function groupConflicts(conflicts: readonly { name: string; keptAt: string; otherAt: string; otherDevice: string }[]): ConflictGroup[] {
  const groups = new Map<string, { name: string; keptAt: string; others: { at: string; device: string }[] }>()
  for (const c of conflicts) {
    const key = `${c.name}|${c.keptAt}`
    const g = groups.get(key) ?? { name: c.name, keptAt: c.keptAt, others: [] }
    g.others.push({ at: c.otherAt, device: c.otherDevice })
    groups.set(key, g)
  }
  return [...groups.values()].map((g) => ({ ...g, others: [...g.others].sort((a, b) => a.at.localeCompare(b.at)) }))
}

/** Sync report totals: how many were recorded, already there, or refused. */
export function syncTotals(results: readonly { ok: boolean; verdict?: 'ok' | 'already' }[]): { ok: number; already: number; failed: number } {
  let ok = 0
  let already = 0
  let failed = 0
  for (const r of results) {
    if (!r.ok) failed++
    else if (r.verdict === 'already') already++
    else ok++
  }
  return { ok, already, failed }
}
