// The user's system font size, for 关怀模式. Taro resolves './system-font' to system-font.weapp.ts
// (WeChat's font setting) or system-font.h5.ts (the browser's default font size); this file is the
// shared interface and the fallback: nothing known.

import type { SystemFont } from '../utils/care-mode'

/** What the platform says about the user's font size, or null when it cannot tell. */
export const readSystemFont = (): SystemFont | null => null

/** Where the system setting lives, for the 关怀模式 hint in 我的. */
export const SYSTEM_FONT_SOURCE: string = '系统'
