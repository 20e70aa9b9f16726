// Times are UTC instants; people read them in Asia/Shanghai (UTC+8, no DST), whatever the device's zone.

import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import 'dayjs/locale/zh-cn'
import { SHANGHAI_OFFSET_MINUTES } from '../domain/time'

dayjs.extend(utc)
dayjs.locale('zh-cn')

const shanghai = (instant: string | number) => dayjs.utc(instant).utcOffset(SHANGHAI_OFFSET_MINUTES)

/** Calendar day with weekday, e.g. '9月19日 周六'; the year is added when it is not this year. */
export function formatDay(instant: string, now: number = Date.now()): string {
  const d = shanghai(instant)
  return d.year() === shanghai(now).year() ? d.format('M月D日 ddd') : d.format('YYYY年M月D日 ddd')
}

/** Clock time, e.g. '09:30'. */
export const formatClock = (instant: string): string => shanghai(instant).format('HH:mm')

/** Day and time, e.g. '9月19日 周六 09:30'. */
export const formatDateTime = (instant: string, now: number = Date.now()): string =>
  `${formatDay(instant, now)} ${formatClock(instant)}`

/** A span, e.g. '9月19日 周六 09:30–11:30', or both ends in full when it crosses midnight. */
export function formatRange(startAt: string, endAt: string, now: number = Date.now()): string {
  const sameDay = shanghai(startAt).format('YYYY-MM-DD') === shanghai(endAt).format('YYYY-MM-DD')
  return sameDay
    ? `${formatDateTime(startAt, now)}–${formatClock(endAt)}`
    : `${formatDateTime(startAt, now)} – ${formatDateTime(endAt, now)}`
}

/** Shanghai calendar year now, for birth-year pickers. */
export const currentYear = (now: number = Date.now()): number => shanghai(now).year()
