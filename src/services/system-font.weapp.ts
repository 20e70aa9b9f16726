// WeChat: 我 → 设置 → 通用 → 字体大小, read with wx.getAppBaseInfo (base library 2.20.1+;
// fontSizeSetting from 2.23.4). Mini-program pages do not scale with it by themselves (our sizes are rpx),
// so care mode applies the scale instead. Older clients fall back to getSystemInfoSync's fontSizeSetting.

import Taro from '@tarojs/taro'
import type { SystemFont } from '../utils/care-mode'

interface WechatFontInfo {
  readonly fontSizeScaleFactor?: number
  readonly fontSizeSetting?: number
}

export function readSystemFont(): SystemFont | null {
  try {
    const info: WechatFontInfo =
      typeof Taro.getAppBaseInfo === 'function' ? (Taro.getAppBaseInfo() as WechatFontInfo) : (Taro.getSystemInfoSync() as WechatFontInfo)
    return { scaleFactor: info.fontSizeScaleFactor ?? null, fontSizeSettingPx: info.fontSizeSetting ?? null }
  } catch {
    return null
  }
}

export const SYSTEM_FONT_SOURCE: string = '微信'
