// 关怀模式 (care mode): whether it is on, and how much text grows, from the platform's font setting and
// the person's own choice in 我的 → 设置. Pure: reading the platform happens in services/system-font.
//
// Sizes: styles are written in design px on the 750-wide canvas (config/index.ts designWidth 750).
// Taro turns them into rpx on weapp and into rem on H5, where 1rem = 20 CSS px on phones up to 375 px
// wide (src/index.html's root-size script), so 2 design px = 1 CSS px at the 375 reference width.
// Body text is --fs-md = 32 design px = 16 CSS px; care mode multiplies it by CARE_FONT_SCALE 1.5
// → 48 design px = 24 CSS px, which is 18 pt (1 pt = 4/3 CSS px), WCAG's "large text".

/** What the person chose: follow the WeChat (or browser) font setting, or force care mode on or off. */
export type CareChoice = 'follow' | 'on' | 'off'

export const CARE_CHOICES: readonly CareChoice[] = ['follow', 'on', 'off']

/** What the platform reports about the user's font size; absent or null when it cannot tell. */
export interface SystemFont {
  /** WeChat: getAppBaseInfo().fontSizeScaleFactor (1 = 标准). H5: browser default font size ÷ 16 px. */
  readonly scaleFactor?: number | null
  /** WeChat: getAppBaseInfo().fontSizeSetting, in px (17 = 标准). Used when the factor is missing. */
  readonly fontSizeSettingPx?: number | null
}

export interface CareModeDecision {
  readonly on: boolean
  /** Multiplier for every font-size token (--font-scale): 1 normally, ≥ CARE_FONT_SCALE in care mode. */
  readonly fontScale: number
  /** Why: the manual choice, or what the system setting said when following it. */
  readonly reason: 'manual-on' | 'manual-off' | 'system-large' | 'system-standard' | 'system-unknown'
  /** The system's font scale factor, when known (for the settings hint). */
  readonly systemFactor: number | null
}

/** Care-mode multiplier of the font tokens: 32 design px body text × 1.5 = 24 CSS px = 18 pt. */
export const CARE_FONT_SCALE = 1.5
/** Larger system settings grow text further, up to this (28 CSS px body); layouts are checked at 320 px with it. */
export const CARE_FONT_SCALE_MAX = 1.75
/**
 * The system font counts as enlarged from 1.1× standard: WeChat's 标准 is 17 px (factor 1), the first
 * larger step on iOS is 18 px (≈1.06×, still "standard-ish"), so care mode starts at fontSizeSetting ≥ 19 px
 * (≈1.12×) or fontSizeScaleFactor ≥ 1.1. The same threshold applies to a browser default above 17.6 px.
 */
export const CARE_SCALE_FACTOR_MIN = 1.1
/** WeChat's 标准 font size in px (fontSizeSetting when fontSizeScaleFactor is 1). */
export const WECHAT_STANDARD_FONT_PX = 17

const positive = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n) && n > 0

/** The system font's scale factor: the reported factor, else the px setting over 标准 17 px; null when unknown. */
export function systemScaleFactor(system: SystemFont | null | undefined): number | null {
  if (!system) return null
  if (positive(system.scaleFactor)) return system.scaleFactor
  if (positive(system.fontSizeSettingPx)) return system.fontSizeSettingPx / WECHAT_STANDARD_FONT_PX
  return null
}

/** The care-mode font scale: at least CARE_FONT_SCALE, following a larger system factor up to CARE_FONT_SCALE_MAX. */
export function careFontScale(systemFactor: number | null): number {
  const wanted = systemFactor ?? CARE_FONT_SCALE
  return Math.min(CARE_FONT_SCALE_MAX, Math.max(CARE_FONT_SCALE, wanted))
}

/**
 * Care mode on or off, and the font scale; a manual choice overrides the system setting.
 * @example decideCareMode('follow', { scaleFactor: 1.3 }) // { on: true, fontScale: 1.5, reason: 'system-large', systemFactor: 1.3 }
 */
export function decideCareMode(choice: CareChoice, system: SystemFont | null | undefined): CareModeDecision {
  const systemFactor = systemScaleFactor(system)
  if (choice === 'on') return { on: true, fontScale: careFontScale(systemFactor), reason: 'manual-on', systemFactor }
  if (choice === 'off') return { on: false, fontScale: 1, reason: 'manual-off', systemFactor }
  if (systemFactor === null) return { on: false, fontScale: 1, reason: 'system-unknown', systemFactor }
  if (systemFactor >= CARE_SCALE_FACTOR_MIN) return { on: true, fontScale: careFontScale(systemFactor), reason: 'system-large', systemFactor }
  return { on: false, fontScale: 1, reason: 'system-standard', systemFactor }
}

/**
 * The stored choice, from the `ui.careMode` value, or from the older 大字模式 switch's `ui.fontScale`
 * (a number: > 1 was 大字 on, 1 was switched off on purpose). Anything else: follow the system.
 */
export function parseCareChoice(stored: unknown, legacyFontScale?: unknown): CareChoice {
  if (stored === 'follow' || stored === 'on' || stored === 'off') return stored
  if (typeof legacyFontScale === 'number' && Number.isFinite(legacyFontScale)) return legacyFontScale > 1 ? 'on' : 'off'
  return 'follow'
}
