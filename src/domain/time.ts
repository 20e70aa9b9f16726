// Times are stored as UTC ISO instants and reasoned about in Asia/Shanghai (UTC+8, no DST).

export const SHANGHAI_OFFSET_MINUTES = 8 * 60
const OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60_000
const DAY_MS = 86_400_000

/** A UTC ISO instant such as `2026-09-19T01:00:00.000Z`. */
export type Instant = string

export const toInstant = (ms: number): Instant => new Date(ms).toISOString()
export const ms = (instant: Instant): number => Date.parse(instant)

/** Start (inclusive) and end (exclusive) of the Shanghai calendar day containing `now`, as epoch ms. */
function shanghaiDayStart(nowMs: number): number {
  return Math.floor((nowMs + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS
}

export interface Range {
  readonly from: Instant
  readonly to: Instant
}

/** The Shanghai week (Monday 00:00 to next Monday 00:00) that contains `now`. */
export function shanghaiWeek(now: Instant): Range {
  const dayStart = shanghaiDayStart(ms(now))
  const weekday = new Date(dayStart + OFFSET_MS).getUTCDay() // 0 = Sunday
  const monday = dayStart - ((weekday + 6) % 7) * DAY_MS
  return { from: toInstant(monday), to: toInstant(monday + 7 * DAY_MS) }
}

/** The Shanghai calendar month that contains `now`. */
export function shanghaiMonth(now: Instant): Range {
  const local = new Date(ms(now) + OFFSET_MS)
  const y = local.getUTCFullYear()
  const m = local.getUTCMonth()
  return { from: toInstant(Date.UTC(y, m, 1) - OFFSET_MS), to: toInstant(Date.UTC(y, m + 1, 1) - OFFSET_MS) }
}

/** Calendar year in Shanghai, e.g. for age from birth year. */
export const shanghaiYear = (now: Instant): number => new Date(ms(now) + OFFSET_MS).getUTCFullYear()

/** Builds a UTC instant from Shanghai wall-clock parts, e.g. `shanghaiInstant(2026, 9, 19, 9, 30)`. */
export function shanghaiInstant(year: number, month: number, day: number, hour = 0, minute = 0): Instant {
  return toInstant(Date.UTC(year, month - 1, day, hour, minute) - OFFSET_MS)
}

/** An instant as the Shanghai date and clock the pickers show, e.g. { date: '2026-09-19', time: '09:30' }. */
export function shanghaiParts(instant: Instant): { date: string; time: string } {
  const d = new Date(ms(instant) + OFFSET_MS)
  const pad = (n: number) => String(n).padStart(2, '0')
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  }
}

/** The instant of a Shanghai date and clock from the pickers, or null when they do not parse. */
export function fromShanghaiParts(date: string, time: string): Instant | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  const t = /^(\d{2}):(\d{2})$/.exec(time)
  if (!d || !t) return null
  return shanghaiInstant(Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2]))
}
