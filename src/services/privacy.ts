// Whether the signed-in account agreed to the current privacy notice, asked once per session and
// remembered; pages collecting personal data send people to the notice first.

import Taro from '@tarojs/taro'
import { PRIVACY_NOTICE_VERSION } from '../domain/privacy/notice'
import { api } from './api'

let agreedFor: string | null = null

export const PRIVACY_PAGE = '/pages/privacy/index'

/** The notice page, coming back to `next` (a page path with its query) after agreeing. */
export const privacyUrl = (next?: string): string => (next ? `${PRIVACY_PAGE}?next=${encodeURIComponent(next)}` : PRIVACY_PAGE)

/** Remembers an agreement just made (the notice page calls this). */
export function rememberAgreed(userId: string): void {
  agreedFor = `${userId}:${PRIVACY_NOTICE_VERSION}`
}

export function forgetAgreement(): void {
  agreedFor = null
}

/** True when the account agreed; otherwise opens the notice (returning to `next`) and resolves false. */
export async function ensurePrivacyAgreed(userId: string, next: string, how: 'navigate' | 'redirect' = 'navigate'): Promise<boolean> {
  if (agreedFor === `${userId}:${PRIVACY_NOTICE_VERSION}`) return true
  const status = await api.account.privacyStatus()
  if (status.agreedAt) {
    rememberAgreed(userId)
    return true
  }
  const url = privacyUrl(next)
  if (how === 'redirect') await Taro.redirectTo({ url })
  else await Taro.navigateTo({ url })
  return false
}
