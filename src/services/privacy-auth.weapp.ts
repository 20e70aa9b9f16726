// WeChat: wx.onNeedPrivacyAuthorization (base library 2.32.3+) hands us a resolve function; we open
// the notice page, whose agree button has open-type="agreePrivacyAuthorization", and resolve with
// the outcome. On older base libraries the hook does not exist and the notice page alone applies.

import Taro from '@tarojs/taro'
import { PRIVACY_PAGE } from './privacy'

export const AGREE_BUTTON_ID = 'privacy-agree'

type Resolve = (result: { buttonId?: string; event: 'agree' | 'disagree' }) => void
let pending: Resolve | null = null

export function initPrivacyAuthorization(): void {
  const wxApi = (globalThis as unknown as { wx?: { onNeedPrivacyAuthorization?: (cb: (resolve: Resolve) => void) => void } }).wx
  if (!wxApi?.onNeedPrivacyAuthorization) return
  wxApi.onNeedPrivacyAuthorization((resolve) => {
    pending = resolve
    void Taro.navigateTo({ url: PRIVACY_PAGE })
  })
}

export function settlePrivacyAuthorization(agreed: boolean): void {
  pending?.(agreed ? { buttonId: AGREE_BUTTON_ID, event: 'agree' } : { event: 'disagree' })
  pending = null
}
