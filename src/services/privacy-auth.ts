// WeChat's own privacy authorization (__usePrivacyCheck__): when a privacy-relevant API needs the
// user's agreement, WeChat asks us to show our notice. Taro resolves './privacy-auth' to the weapp
// file in the mini-program; elsewhere (H5) there is nothing to hook and these do nothing.

/** Registers the handler for wx.onNeedPrivacyAuthorization where supported. */
export function initPrivacyAuthorization(): void {}

/** Tells WeChat the outcome once the notice page was answered. */
export function settlePrivacyAuthorization(_agreed: boolean): void {}

/** The id of the notice page's agree button (open-type="agreePrivacyAuthorization"). */
export const AGREE_BUTTON_ID = 'privacy-agree'
