// Chinese labels for codes the UI shows; the catalog names come from the domain.

import type { Availability, SignupWindowState } from '../domain/activities/rules'

export const ROLE_LABELS: Record<string, string> = {
  resident: '居民',
  organizer: '组织者',
  admin: '管理员',
}

export const roleLabel = (role: string): string => ROLE_LABELS[role] ?? role

export const SIGNUP_WINDOW_LABELS: Record<SignupWindowState, string> = {
  not_open: '报名未开始',
  open: '报名中',
  closed: '报名已截止',
  cancelled: '活动已取消',
}

/** Seats as a card shows them: 余N席 / 可候补 / 已满. */
export function seatsLabel(availability: Availability, seatsLeft: number): string {
  if (availability === 'available') return `余${seatsLeft}席`
  return availability === 'waitlist' ? '可候补' : '已满'
}
