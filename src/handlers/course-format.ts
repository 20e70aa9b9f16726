// Date text for certificates, in Asia/Shanghai whatever the server's zone.

import { SHANGHAI_OFFSET_MINUTES, ms, type Instant } from '../domain/time'

/** 2026年9月22日 */
export function shanghaiDateLabel(instant: Instant): string {
  const d = new Date(ms(instant) + SHANGHAI_OFFSET_MINUTES * 60_000)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}
