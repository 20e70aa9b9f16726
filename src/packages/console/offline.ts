// The console's offline store: the downloaded bundle and the queue of check-ins waiting to be
// synced, kept in Taro storage per activity so both survive a reload. Decisions are in offline-rules.ts.

import Taro from '@tarojs/taro'
import type { OfflineBundle, SyncItemResult } from '../../domain/contracts'
import { api } from '../../services/api'
import { deviceId, newNonce } from '../../services/device'
import { isApiError, NETWORK_ERROR_CODE } from '../../services/transport'
import {
  applyLocalCheckIn,
  batches,
  decideOffline,
  enqueue,
  mergeRoster,
  settle,
  toSyncItem,
  type CheckKind,
  type OfflineDecision,
  type QueuedCheckIn,
  type SettledItem,
} from './offline-rules'
import type { RosterEntry } from '../../domain/contracts'

const bundleKey = (activityId: string) => `console.bundle.${activityId}`
const queueKey = (activityId: string) => `console.queue.${activityId}`

function read<T>(key: string): T | null {
  try {
    const value: unknown = Taro.getStorageSync(key)
    return value === '' || value === undefined || value === null ? null : (value as T)
  } catch {
    return null
  }
}

function write(key: string, value: unknown): void {
  // A full storage must not lose the check-in silently: let the caller show the failure.
  Taro.setStorageSync(key, value)
}

export const loadBundle = (activityId: string): OfflineBundle | null => {
  const b = read<OfflineBundle>(bundleKey(activityId))
  return b && b.activityId === activityId && Array.isArray(b.roster) ? b : null
}

export const saveBundle = (bundle: OfflineBundle): void => write(bundleKey(bundle.activityId), bundle)

export const loadQueue = (activityId: string): QueuedCheckIn[] => {
  const q = read<QueuedCheckIn[]>(queueKey(activityId))
  return Array.isArray(q) ? q : []
}

const saveQueue = (activityId: string, queue: readonly QueuedCheckIn[]): void => write(queueKey(activityId), queue)

/** Downloads and stores the bundle for one activity (roster, revocations and its key, expiring). */
export async function downloadBundle(activityId: string): Promise<OfflineBundle> {
  const bundle = await api.checkin.bundle(activityId, deviceId())
  saveBundle(bundle)
  return bundle
}

/** Keeps the stored bundle's roster up to date with what the server just said. */
export function refreshStoredRoster(activityId: string, roster: readonly RosterEntry[]): OfflineBundle | null {
  const bundle = loadBundle(activityId)
  if (!bundle) return null
  const merged = mergeRoster(bundle, roster)
  try {
    saveBundle(merged)
  } catch {
    // Keeping the older roster is safe: the server deduplicates on sync.
  }
  return merged
}

/**
 * Checks someone in without the network: decides against the stored bundle and, on 签到成功,
 * records it on the bundle's roster and queues it with a fresh nonce (or the one given, when an
 * online attempt with that nonce failed for want of network).
 */
export function checkInOffline(
  activityId: string,
  input: { code?: string; registrationId?: string; reason?: string; kind: CheckKind; operatorName: string; nonce?: string; now?: string },
): { decision: OfflineDecision; pending: number } {
  const bundle = loadBundle(activityId)
  const now = input.now ?? new Date().toISOString()
  if (!bundle) {
    return {
      decision: { ok: false, code: 'OFFLINE.NO_BUNDLE', message: '网络不可用，且本机没有离线数据。请联网后点「下载离线数据」', name: null },
      pending: loadQueue(activityId).length,
    }
  }
  const decision = decideOffline(bundle, { code: input.code, registrationId: input.registrationId, kind: input.kind, now })
  let queue = loadQueue(activityId)
  if (decision.ok && decision.verdict === 'ok') {
    const item: QueuedCheckIn = {
      nonce: input.nonce ?? newNonce(),
      at: now,
      kind: input.kind,
      ...(input.code !== undefined ? { code: input.code.trim() } : { registrationId: decision.entry.registrationId, reason: input.reason ?? '' }),
      name: decision.entry.name,
    }
    queue = enqueue(queue, item)
    saveQueue(activityId, queue)
    saveBundle(applyLocalCheckIn(bundle, decision.entry.registrationId, input.kind, now, `${input.operatorName}（离线）`))
  }
  return { decision, pending: queue.length }
}

export interface SyncOutcome {
  readonly settled: SettledItem[]
  readonly pending: number
  /** Why syncing stopped early (network or a refused request); the rest stays queued. */
  readonly error: unknown
}

/** Sends the queue in batches of at most 200; answered items leave the queue, the rest stay for next time. */
export async function syncQueue(activityId: string): Promise<SyncOutcome> {
  const settledAll: SettledItem[] = []
  let error: unknown = null
  for (const batch of batches(loadQueue(activityId))) {
    let results: SyncItemResult[]
    try {
      const reply = await api.checkin.sync({ activityId, deviceId: deviceId(), items: batch.map(toSyncItem) })
      results = reply.results
    } catch (e) {
      error = e
      break
    }
    // Re-read: a check-in may have been queued while the request was in flight.
    const { remaining, settled } = settle(loadQueue(activityId), results)
    saveQueue(activityId, remaining)
    settledAll.push(...settled)
  }
  return { settled: settledAll, pending: loadQueue(activityId).length, error }
}

/** A failed call that means "no network" (as opposed to a refusal by the server). */
export const isNetworkFailure = (e: unknown): boolean => isApiError(e) && e.code === NETWORK_ERROR_CODE
