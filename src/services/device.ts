// This device's identity for check-in records, and fresh nonces. The device id is kept in Taro
// storage so a console keeps the same id across reloads (the server reports conflicts per device).

import Taro from '@tarojs/taro'
import { base64url } from '../domain/checkin/codes'

const DEVICE_KEY = 'checkin.deviceId'
const NONCE_BYTES = 16

/** `bytes` random bytes; crypto where the platform has it, Math.random otherwise (nonces only need uniqueness). */
export function randomBytes(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes)
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (c?.getRandomValues) c.getRandomValues(out)
  else for (let i = 0; i < bytes; i++) out[i] = Math.floor(Math.random() * 256)
  return out
}

/** A fresh check-in nonce: 22 base64url characters (the API accepts 8–64 of [A-Za-z0-9_-]). */
export const newNonce = (): string => base64url(randomBytes(NONCE_BYTES))

let cached: string | null = null

/** The persistent id of this device, e.g. 'dev-Q2x…'; created on first use. */
export function deviceId(): string {
  if (cached) return cached
  try {
    const stored: unknown = Taro.getStorageSync(DEVICE_KEY)
    if (typeof stored === 'string' && /^[A-Za-z0-9_-]{4,64}$/.test(stored)) return (cached = stored)
  } catch {
    // Unreadable storage: a new id for this visit.
  }
  cached = `dev-${base64url(randomBytes(12))}`
  try {
    Taro.setStorageSync(DEVICE_KEY, cached)
  } catch {
    // Storage full or unavailable: the id still holds for this visit.
  }
  return cached
}
