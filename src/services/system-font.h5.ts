// H5 has no WeChat setting. The browser's own default font size (what `font-size: medium` resolves to,
// 16 px unless the person changed it in the browser settings) is the cheap stand-in. The root <html>
// size cannot be used: Taro's H5 script sets it for rem layout.

import type { SystemFont } from '../utils/care-mode'

/** Browsers' default font size, in CSS px. */
const BROWSER_DEFAULT_FONT_PX = 16

export function readSystemFont(): SystemFont | null {
  try {
    if (typeof document === 'undefined' || !document.body) return null
    const probe = document.createElement('div')
    probe.style.cssText = 'position:absolute;visibility:hidden;font-size:medium;line-height:1'
    document.body.appendChild(probe)
    const px = parseFloat(getComputedStyle(probe).fontSize)
    probe.remove()
    return Number.isFinite(px) && px > 0 ? { scaleFactor: px / BROWSER_DEFAULT_FONT_PX } : null
  } catch {
    return null
  }
}

export const SYSTEM_FONT_SOURCE: string = '浏览器'
