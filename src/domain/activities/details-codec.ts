// Reading an activity's details back from storage (a JSON column in SQLite, a sub-document in
// CloudBase): every field checked, so both adapters refuse the same malformed data.

import type { UserId } from '../ids'
import type { ActivityDetails } from '../types'

const str = (v: unknown): v is string => typeof v === 'string'
const numOrNull = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v))

/** The details, or a message saying which field is malformed. */
export function decodeActivityDetails(raw: unknown): { ok: true; value: ActivityDetails } | { ok: false; field: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, field: 'details' }
  const o = raw as Record<string, unknown>
  if (!str(o.address)) return { ok: false, field: 'details.address' }
  const loc = o.location as Record<string, unknown> | null
  if (loc !== null && (typeof loc !== 'object' || typeof loc.latitude !== 'number' || typeof loc.longitude !== 'number')) return { ok: false, field: 'details.location' }
  if (!numOrNull(o.minAge) || !numOrNull(o.maxAge)) return { ok: false, field: 'details.minAge' }
  if (o.createdBy !== null && !str(o.createdBy)) return { ok: false, field: 'details.createdBy' }
  const notice = o.changeNotice as Record<string, unknown> | null
  if (notice !== null && (typeof notice !== 'object' || !str(notice.at) || !str(notice.text))) return { ok: false, field: 'details.changeNotice' }
  if (o.cancelReason !== null && !str(o.cancelReason)) return { ok: false, field: 'details.cancelReason' }
  if (o.cancelledAt !== null && !str(o.cancelledAt)) return { ok: false, field: 'details.cancelledAt' }
  const poster = o.poster as Record<string, unknown> | null | undefined
  if (poster !== undefined && poster !== null && (typeof poster !== 'object' || !str(poster.id) || !str(poster.url) || !str(poster.thumbUrl))) return { ok: false, field: 'details.poster' }
  if (o.wishId !== undefined && o.wishId !== null && !str(o.wishId)) return { ok: false, field: 'details.wishId' }
  return {
    ok: true,
    value: {
      address: o.address,
      location: loc === null ? null : { latitude: loc.latitude as number, longitude: loc.longitude as number },
      minAge: o.minAge,
      maxAge: o.maxAge,
      createdBy: (o.createdBy as UserId | null) ?? null,
      changeNotice: notice === null ? null : { at: notice.at as string, text: notice.text as string },
      cancelReason: (o.cancelReason as string | null) ?? null,
      cancelledAt: (o.cancelledAt as string | null) ?? null,
      poster: poster ? { id: poster.id as string, url: poster.url as string, thumbUrl: poster.thumbUrl as string } : null,
      // Only activities created from a wish carry the field, so the rest read back as they were written.
      ...(o.wishId !== undefined ? { wishId: o.wishId as string | null } : {}),
    },
  }
}
