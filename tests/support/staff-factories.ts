// Factories for the staff port's records: an open invite of 区科协 made at T0 by an admin, and log events.
import type { StaffEvent, StaffInvite } from '../../src/domain/staff/rules'
import { staffInviteIdFor } from '../../src/domain/staff/rules'
import { at, userId } from './factories'

/** An unused invite for `kx`, made by usr-admin at `at(0)`, expiring 7 days later; its id is the digest of `code`. */
export function makeStaffInvite(overrides: Partial<StaffInvite> & { code?: string } = {}): StaffInvite {
  const { code = 'K7M3QX2P', ...rest } = overrides
  return {
    id: staffInviteIdFor(code),
    departmentCode: 'kx',
    createdBy: userId('admin'),
    createdAt: at(0),
    expiresAt: at(7 * 24),
    usedBy: null,
    usedAt: null,
    ...rest,
  }
}

/** A grant of usr-0001 as organizer of `kx` by usr-admin at `at(1)`. */
export function makeStaffEvent(overrides: Partial<StaffEvent> = {}): StaffEvent {
  return {
    id: 'sev-0001',
    kind: 'grant',
    userId: userId(1),
    departmentCode: 'kx',
    by: userId('admin'),
    at: at(1),
    inviteId: null,
    ...overrides,
  }
}
