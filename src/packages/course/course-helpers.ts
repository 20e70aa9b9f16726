// Small pure helpers of the course pages (no Taro), so they can be tested directly.

import { shanghaiInstant } from '../../domain/time'

/** 'YYYY-MM-DDTHH:mm' in Shanghai wall-clock time → UTC instant, or null when incomplete. */
export function wallClockToInstant(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value)
  if (!m) return null
  return shanghaiInstant(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]))
}

/** UTC instant → Shanghai wall-clock 'YYYY-MM-DDTHH:mm'. */
export function instantToWallClock(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 16)
}

/** Adds minutes to a wall-clock value (for "ends 90 minutes after it starts" defaults). */
export const addMinutes = (value: string, minutes: number): string => {
  const at = wallClockToInstant(value)
  return at ? instantToWallClock(new Date(Date.parse(at) + minutes * 60_000).toISOString()) : ''
}

/** 1.5 → '1.5', 2 → '2' */
export const hoursText = (h: number): string => (Number.isInteger(h) ? String(h) : h.toFixed(1))

export const COURSE_URLS = {
  detail: (id: string) => `/packages/course/pages/detail/index?id=${encodeURIComponent(id)}`,
  mine: '/packages/course/pages/mine/index',
  certificate: (courseId: string, personId: string) =>
    `/packages/course/pages/certificate/index?courseId=${encodeURIComponent(courseId)}&personId=${encodeURIComponent(personId)}`,
  verify: (code?: string) => `/packages/course/pages/verify/index${code ? `?code=${encodeURIComponent(code)}` : ''}`,
  edit: '/packages/course/pages/edit/index',
  organized: '/packages/course/pages/organized/index',
  manage: (id: string) => `/packages/course/pages/manage/index?id=${encodeURIComponent(id)}`,
}
