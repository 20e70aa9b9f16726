// One shape for every check-in result the UI shows large: from a server ScanResultView, a per-item
// sync or self-check-in result, an offline decision or a thrown ApiError. Pure.

import { TARGET_GROUPS, nameOf } from '../../domain/catalog'
import { checkInHeadline } from '../../domain/checkin/rules'
import type { ScanResultView } from '../../domain/contracts'
import { messageFor } from '../../domain/errors'
import type { TargetGroup } from '../../domain/catalog'

export type CheckTone = 'success' | 'warning' | 'danger'

export type CheckOutcome =
  | {
      readonly ok: true
      readonly verdict: 'ok' | 'already'
      readonly kind: 'in' | 'out'
      readonly headline: string
      readonly name: string
      readonly targetGroup: TargetGroup | null
      /** When the (first) check-in happened. */
      readonly at: string | null
      readonly operatorName: string | null
      /** Recorded on this device while offline; not yet on the server. */
      readonly offline: boolean
    }
  | {
      readonly ok: false
      readonly code: string
      readonly headline: string
      readonly message: string
      readonly name: string | null
    }

/** 签到成功 is green, 已签到 amber (not an error), every refusal red. */
export const outcomeTone = (o: CheckOutcome): CheckTone => (!o.ok ? 'danger' : o.verdict === 'ok' ? 'success' : 'warning')

export function outcomeFromScan(r: ScanResultView, offline = false): CheckOutcome {
  return {
    ok: true,
    verdict: r.verdict,
    kind: r.kind,
    headline: checkInHeadline(r),
    name: r.name,
    targetGroup: r.targetGroup,
    at: r.at || null,
    operatorName: r.operatorName || null,
    offline,
  }
}

/**
 * A refusal by code; the headline is the short verdict (未报名, 二维码已过期…), the message the
 * longer Chinese explanation when it says more than the headline.
 */
export function outcomeFromFailure(code: string, message?: string | null, name: string | null = null): CheckOutcome {
  const headline = checkInHeadline({ code })
  const text = message || messageFor(code)
  return { ok: false, code, headline, message: text === headline ? '' : text, name }
}

export const groupName = (g: TargetGroup | null): string => (g ? nameOf(TARGET_GROUPS, g) : '')
