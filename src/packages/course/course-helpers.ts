// Small pure helpers of the course pages (no Taro), so they can be tested directly.

import { fromShanghaiParts } from '../../domain/time'

/** 'YYYY-MM-DDTHH:mm' (a datetime field) in Shanghai wall-clock time → UTC instant, or null when incomplete. */
export function wallClockToInstant(value: string): string | null {
  const [date, time = ''] = value.split('T')
  return fromShanghaiParts(date, time)
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
