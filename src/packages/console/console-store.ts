// State of the open check-in console: the server's view, the last result, and the offline side
// (bundle, queue, network). Actions are plain functions; decisions stay in the domain and offline-rules.

import { create } from 'zustand'
import type { ConsoleView, OfflineBundle, RosterEntry, ScanResultView } from '../../domain/contracts'
import type { TargetGroup } from '../../domain/catalog'
import { outcomeFromFailure, outcomeFromScan, type CheckOutcome } from '../../components/check-result/outcome'
import { api } from '../../services/api'
import { deviceId, newNonce } from '../../services/device'
import { toApiError, type ApiError } from '../../services/transport'
import { useSessionStore } from '../../stores/session'
import { syncTotals } from './console-helpers'
import { currentlyOnline, watchNetwork } from './network'
import {
  checkInOffline,
  downloadBundle as fetchBundle,
  isNetworkFailure,
  loadBundle,
  loadQueue,
  refreshStoredRoster,
  syncQueue,
} from './offline'
import { bundleUsable, offlineCounts, type CheckKind, type OfflineDecision } from './offline-rules'
import { checkInHeadline, patchRoster, type ConsoleCounts } from '../../domain/checkin/rules'

/** Counts are fetched again this often while the console is open and online. */
export const CONSOLE_REFRESH_MS = 10_000

export interface SyncReport {
  readonly at: string
  readonly ok: number
  readonly already: number
  readonly failed: number
  /** One line per refused item. */
  readonly problems: { name: string; outcome: CheckOutcome }[]
}

interface ConsoleState {
  readonly activityId: string | null
  readonly view: ConsoleView | null
  readonly status: 'idle' | 'loading' | 'ready' | 'error'
  readonly error: ApiError | null
  /** What the platform says about the network. */
  readonly online: boolean
  /** False after a call failed for want of network, until one succeeds again. */
  readonly reachable: boolean
  readonly bundle: OfflineBundle | null
  readonly pending: number
  readonly kind: CheckKind
  readonly lastResult: CheckOutcome | null
  readonly busy: boolean
  readonly syncing: boolean
  readonly syncReport: SyncReport | null
  readonly syncError: string | null
  readonly downloading: boolean
}

const initial: ConsoleState = {
  activityId: null,
  view: null,
  status: 'idle',
  error: null,
  online: true,
  reachable: true,
  bundle: null,
  pending: 0,
  kind: 'in',
  lastResult: null,
  busy: false,
  syncing: false,
  syncReport: null,
  syncError: null,
  downloading: false,
}

export const useConsoleStore = create<ConsoleState>()(() => initial)

const get = () => useConsoleStore.getState()
const set = (patch: Partial<ConsoleState>) => useConsoleStore.setState(patch)

/** Offline mode: the platform reports no network, or the last call could not reach the server. */
export const isOfflineMode = (s: Pick<ConsoleState, 'online' | 'reachable'>): boolean => !s.online || !s.reachable

/** The counts to show: the server's, or in offline mode the bundle's roster with local check-ins. */
export function shownCounts(s: Pick<ConsoleState, 'online' | 'reachable' | 'bundle' | 'view'>): ConsoleCounts | null {
  if (isOfflineMode(s) && s.bundle) return offlineCounts(s.bundle.roster)
  return s.view?.counts ?? (s.bundle ? offlineCounts(s.bundle.roster) : null)
}

/** The roster to show, with the same rule as the counts. */
export function shownRoster(s: Pick<ConsoleState, 'online' | 'reachable' | 'bundle' | 'view'>): readonly RosterEntry[] {
  if (isOfflineMode(s) && s.bundle) return s.bundle.roster
  return s.view?.roster ?? s.bundle?.roster ?? []
}

const operatorName = (): string => useSessionStore.getState().user?.displayName ?? '本机'

let stopWatching: (() => void) | null = null
let poll: ReturnType<typeof setInterval> | null = null

/** Opens the console of one activity: stored bundle and queue, network watch, first load, 10 s refresh. */
export async function openConsole(activityId: string): Promise<void> {
  closeConsole()
  useConsoleStore.setState({ ...initial, activityId, status: 'loading', bundle: loadBundle(activityId), pending: loadQueue(activityId).length })
  stopWatching = watchNetwork((online) => {
    set({ online })
    if (online) void reloadConsole().then(() => autoSync())
  })
  poll = setInterval(() => {
    if (get().online) void reloadConsole().then(() => autoSync())
  }, CONSOLE_REFRESH_MS)
  set({ online: await currentlyOnline() })
  await reloadConsole()
  await autoSync()
}

export function closeConsole(): void {
  stopWatching?.()
  stopWatching = null
  if (poll) clearInterval(poll)
  poll = null
}

/** Fetches counts and roster; a network failure switches to offline mode instead of failing the page. */
export async function reloadConsole(): Promise<void> {
  const activityId = get().activityId
  if (!activityId) return
  try {
    const view = await api.checkin.console(activityId)
    if (get().activityId !== activityId) return
    const bundle = refreshStoredRoster(activityId, view.roster) ?? get().bundle
    set({ view, bundle, status: 'ready', error: null, reachable: true })
  } catch (e) {
    if (get().activityId !== activityId) return
    if (isNetworkFailure(e)) {
      set({ reachable: false, status: get().view || get().bundle ? 'ready' : 'error', error: get().view || get().bundle ? null : toApiError(e) })
    } else if (!get().view) {
      set({ status: 'error', error: toApiError(e) })
    }
  }
}

/**
 * Puts one online check-in into the list and counts shown, from the reply alone. A walk-in not yet in
 * the list, or a duplicate from another device (the conflicts report changes), reads the list again.
 */
function applyCheckIn(activityId: string, result: ScanResultView): void {
  const s = get()
  const patched = s.activityId === activityId && s.view && !result.conflict ? patchRoster(s.view.roster, result.entry) : null
  if (!patched || !s.view) {
    void reloadConsole()
    return
  }
  const bundle = refreshStoredRoster(activityId, patched.roster) ?? s.bundle
  set({ view: { ...s.view, roster: patched.roster, counts: patched.counts }, bundle })
}

async function autoSync(): Promise<void> {
  const s = get()
  if (s.pending > 0 && !isOfflineMode(s) && !s.syncing) await syncNow()
}

export const setKind = (kind: CheckKind): void => set({ kind })

function showOfflineDecision(d: OfflineDecision, pending: number): void {
  const bundle = get().activityId ? loadBundle(get().activityId as string) : null
  const lastResult: CheckOutcome = d.ok
    ? {
        ok: true,
        verdict: d.verdict,
        kind: d.kind,
        headline: checkInHeadline(d),
        name: d.entry.name,
        targetGroup: d.entry.targetGroup as TargetGroup,
        at: d.at,
        operatorName: d.operatorName,
        offline: d.verdict === 'ok',
      }
    : outcomeFromFailure(d.code, d.message, d.name)
  set({ lastResult, pending, bundle, reachable: get().online ? get().reachable : false })
}

/**
 * One check-in attempt (scan, pasted code or roster tick). Online it goes to the server with a fresh
 * nonce; in offline mode, or when the call finds no network, it is decided on the bundle and queued
 * with that same nonce.
 */
async function attempt(
  online: () => Promise<ScanResultView>,
  offline: { code?: string; registrationId?: string; reason?: string },
  nonce: string,
): Promise<boolean> {
  const s = get()
  const activityId = s.activityId
  if (!activityId || s.busy) return false
  set({ busy: true })
  try {
    if (!isOfflineMode(s)) {
      try {
        const result = await online()
        set({ lastResult: outcomeFromScan(result), reachable: true })
        applyCheckIn(activityId, result)
        return true
      } catch (e) {
        if (!isNetworkFailure(e)) {
          const err = toApiError(e)
          set({ lastResult: outcomeFromFailure(err.code, err.message) })
          return false
        }
        set({ reachable: false })
      }
    }
    try {
      const { decision, pending } = checkInOffline(activityId, { ...offline, kind: s.kind, operatorName: operatorName(), nonce })
      showOfflineDecision(decision, pending)
      return decision.ok
    } catch {
      set({ lastResult: outcomeFromFailure('OFFLINE.STORAGE', '本机存储空间不足，无法保存离线签到') })
      return false
    }
  } finally {
    set({ busy: false })
  }
}

/** A scanned or typed ticket/card code. */
export function submitCode(text: string): Promise<boolean> {
  const code = text.trim()
  const { activityId, kind } = get()
  if (!code || !activityId) return Promise.resolve(false)
  const nonce = newNonce()
  return attempt(() => api.checkin.scan({ activityId, code, nonce, deviceId: deviceId(), kind }), { code }, nonce)
}

/** 手动签到 with a reason. */
export function tick(entry: RosterEntry, reason: string): Promise<boolean> {
  const { activityId, kind } = get()
  if (!activityId) return Promise.resolve(false)
  const nonce = newNonce()
  return attempt(
    () => api.checkin.tick({ activityId, registrationId: entry.registrationId, reason: reason.trim(), nonce, deviceId: deviceId(), kind }),
    { registrationId: entry.registrationId, reason: reason.trim() },
    nonce,
  )
}

/** 现场报名: sign up and check in on the spot; needs the network (the server decides seats). */
export async function walkIn(form: { name: string; targetGroup: TargetGroup; areaId: string; birthYear: number | null; guardianConsent: boolean; phone: string }): Promise<boolean> {
  const activityId = get().activityId
  if (!activityId || get().busy) return false
  set({ busy: true })
  try {
    const result = await api.checkin.walkIn({ activityId, name: form.name.trim(), targetGroup: form.targetGroup, areaId: form.areaId, ...(form.birthYear !== null ? { birthYear: form.birthYear } : {}), ...(form.guardianConsent ? { guardianConsent: true } : {}), ...(form.phone ? { phone: form.phone } : {}), nonce: newNonce(), deviceId: deviceId() })
    set({ lastResult: outcomeFromScan(result), reachable: true })
    void reloadConsole()
    return true
  } catch (e) {
    const err = toApiError(e)
    if (isNetworkFailure(e)) set({ reachable: false })
    set({ lastResult: outcomeFromFailure(err.code, isNetworkFailure(e) ? '现场报名需要联网，请恢复网络后再试' : err.message) })
    return false
  } finally {
    set({ busy: false })
  }
}

/** An admin's attendance correction after attendance closed (ledger.correctAttendance); the roster reloads. */
export async function correctAttendance(entry: RosterEntry, attended: boolean, reason: string): Promise<boolean> {
  if (get().busy) return false
  set({ busy: true })
  try {
    await api.ledger.correctAttendance({ registrationId: entry.registrationId, attended, reason })
    set({ lastResult: { ok: true, verdict: 'ok', kind: 'in', headline: attended ? '已补记出勤' : '已撤销出勤', name: entry.name, targetGroup: entry.targetGroup, at: null, operatorName: null, offline: false } })
    await reloadConsole()
    return true
  } catch (e) {
    const err = toApiError(e)
    set({ lastResult: outcomeFromFailure(err.code, err.message) })
    return false
  } finally {
    set({ busy: false })
  }
}

/** 下载离线数据 */
export async function downloadBundle(): Promise<OfflineBundle> {
  const activityId = get().activityId
  if (!activityId) throw new Error('no console open')
  set({ downloading: true })
  try {
    const bundle = await fetchBundle(activityId)
    set({ bundle, reachable: true })
    return bundle
  } catch (e) {
    if (isNetworkFailure(e)) set({ reachable: false })
    throw e
  } finally {
    set({ downloading: false })
  }
}

/** 立即同步: sends the queue, reports per item, reloads the counts. */
export async function syncNow(): Promise<void> {
  const activityId = get().activityId
  if (!activityId || get().syncing) return
  set({ syncing: true, syncError: null })
  try {
    const { settled, pending, error } = await syncQueue(activityId)
    const totals = syncTotals(settled.map((s) => s.result))
    const problems = settled
      .filter((s) => !s.result.ok)
      .map((s) => ({
        name: s.result.name ?? s.item.name,
        outcome: outcomeFromFailure(s.result.code ?? 'SYSTEM.ERROR', s.result.message, s.result.name ?? s.item.name),
      }))
    const report = settled.length > 0 ? { at: new Date().toISOString(), ...totals, problems } : get().syncReport
    set({
      pending,
      syncReport: report,
      syncError: error ? toApiError(error).message : null,
      reachable: error && isNetworkFailure(error) ? false : true,
    })
    if (!error) await reloadConsole()
  } finally {
    set({ syncing: false })
  }
}

/** Whether the stored bundle can still be used now. */
export const bundleState = (bundle: OfflineBundle | null, now = new Date().toISOString()): 'none' | 'ready' | 'expired' =>
  !bundle ? 'none' : bundleUsable(bundle, now) ? 'ready' : 'expired'

export const resetConsoleStore = (): void => {
  closeConsole()
  useConsoleStore.setState(initial, true)
}
