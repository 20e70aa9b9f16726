// What each check-in action resolves with, in the views of the domain contracts.

import type {
  ActivityView,
  CardView,
  ConsoleView,
  OfflineBundle,
  ScanResultView,
  SyncItemResult,
  TicketView,
} from '../domain/contracts'

export interface MyTicketsResult {
  readonly tickets: TicketView[]
  readonly cards: CardView[]
}

export interface ActivityCodeResult {
  readonly code: string
  /** H5: the link attendees open; it carries the code as `c=`. */
  readonly url: string
  /** weapp: the ≤32-character scene for a mini-program code, when the activity id fits. */
  readonly scene: string | null
  readonly refreshAt: string
}

export interface SelfCheckInResult {
  readonly personId: string
  readonly name: string
  readonly ok: boolean
  readonly verdict?: 'ok' | 'already'
  readonly code?: string
  readonly message?: string
  readonly at?: string
}

export interface InviteResult {
  readonly code: string
  readonly activityIds: string[]
  readonly validFrom: string
  readonly validTo: string
}

export interface RedeemResult {
  readonly activityIds: string[]
  readonly validFrom: string
  readonly validTo: string
}

export interface CheckinResponses {
  myTickets: MyTicketsResult
  issueCard: CardView
  revokeCard: unknown
  myConsoles: ActivityView[]
  console: ConsoleView
  bundle: OfflineBundle
  scan: ScanResultView
  tick: ScanResultView
  walkIn: ScanResultView
  sync: { results: SyncItemResult[] }
  activityCode: ActivityCodeResult
  self: { results: SelfCheckInResult[] }
  finalize: { noShowRate: number }
  printCards: { activity: ActivityView; cards: CardView[] }
  invite: InviteResult
  redeem: RedeemResult
}
