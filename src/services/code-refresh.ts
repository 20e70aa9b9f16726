// Rotating codes (tickets, activity codes) change every 30 s on the server; clients fetch again a
// little inside that, and at the `refreshAt` the server gives when it is sooner.

/** Codes are fetched again at least this often. */
export const CODE_REFRESH_MS = 25_000
/** Never poll faster than this, even when a `refreshAt` is already due. */
export const CODE_REFRESH_MIN_MS = 1_000

/**
 * How long to wait before fetching codes again: the earliest `refreshAt`, but at most
 * CODE_REFRESH_MS and at least CODE_REFRESH_MIN_MS. E.g. a refreshAt 8 s away → 8000.
 */
export function nextRefreshDelay(refreshAts: readonly string[], nowMs: number): number {
  let delay = CODE_REFRESH_MS
  for (const at of refreshAts) {
    const t = Date.parse(at)
    if (!Number.isNaN(t)) delay = Math.min(delay, t - nowMs)
  }
  return Math.max(CODE_REFRESH_MIN_MS, delay)
}
