import { statusLabel } from '../../domain/registrations/rules'
import type { RegistrationStatus } from '../../domain/types'
import { Tag, type TagTone } from '../tag'

export interface StatusBadgeProps {
  readonly status: RegistrationStatus
  /** 1-based waitlist place, when waitlisted. */
  readonly waitlistPosition?: number | null
}

const TONES: Record<RegistrationStatus, TagTone> = {
  confirmed: 'success',
  waitlisted: 'warning',
  cancelled: 'neutral',
}

/** 已报名 / 候补第N位 / 已取消: the words carry the meaning; colour only repeats it. */
export function StatusBadge({ status, waitlistPosition = null }: StatusBadgeProps) {
  return (
    <Tag tone={TONES[status]} className='k-status-badge'>
      {statusLabel(status, waitlistPosition)}
    </Tag>
  )
}
