// 关怀模式: the WeChat (or browser) font setting turns it on by default; the person's own choice wins.
import {
  CARE_FONT_SCALE,
  CARE_FONT_SCALE_MAX,
  careFontScale,
  decideCareMode,
  parseCareChoice,
  systemScaleFactor,
} from '../../src/utils/care-mode'

describe('decideCareMode when following the system font', () => {
  it('stays off at WeChat 标准 (factor 1, 17 px)', () => {
    expect(decideCareMode('follow', { scaleFactor: 1, fontSizeSettingPx: 17 })).toEqual({ on: false, fontScale: 1, reason: 'system-standard', systemFactor: 1 })
  })

  it('stays off one small step above 标准 (18 px ≈ 1.06×)', () => {
    expect(decideCareMode('follow', { fontSizeSettingPx: 18 }).on).toBe(false)
    expect(decideCareMode('follow', { scaleFactor: 1.05 }).on).toBe(false)
  })

  it('turns on from factor 1.1', () => {
    expect(decideCareMode('follow', { scaleFactor: 1.1 })).toMatchObject({ on: true, fontScale: CARE_FONT_SCALE, reason: 'system-large' })
  })

  it('turns on from fontSizeSetting 19 px when the factor is missing', () => {
    expect(decideCareMode('follow', { fontSizeSettingPx: 19 })).toMatchObject({ on: true, fontScale: CARE_FONT_SCALE, reason: 'system-large' })
    expect(decideCareMode('follow', { scaleFactor: null, fontSizeSettingPx: 22 }).on).toBe(true)
  })

  it('prefers the factor over the px setting when both are given', () => {
    expect(decideCareMode('follow', { scaleFactor: 1, fontSizeSettingPx: 22 }).on).toBe(false)
  })

  it('grows text with a larger system factor, up to the cap', () => {
    expect(decideCareMode('follow', { scaleFactor: 1.6 }).fontScale).toBe(1.6)
    expect(decideCareMode('follow', { scaleFactor: 2.4 }).fontScale).toBe(CARE_FONT_SCALE_MAX)
  })

  it('stays off when the platform cannot tell (H5 without a reading, bad values)', () => {
    expect(decideCareMode('follow', null)).toMatchObject({ on: false, fontScale: 1, reason: 'system-unknown' })
    expect(decideCareMode('follow', {})).toMatchObject({ on: false, reason: 'system-unknown' })
    expect(decideCareMode('follow', { scaleFactor: Number.NaN, fontSizeSettingPx: 0 })).toMatchObject({ on: false, reason: 'system-unknown' })
  })
})

describe('decideCareMode with a manual choice', () => {
  it('turns on by hand at standard WeChat font', () => {
    expect(decideCareMode('on', { scaleFactor: 1 })).toEqual({ on: true, fontScale: CARE_FONT_SCALE, reason: 'manual-on', systemFactor: 1 })
    expect(decideCareMode('on', null)).toMatchObject({ on: true, fontScale: CARE_FONT_SCALE })
  })

  it('keeps a larger WeChat font when turned on by hand', () => {
    expect(decideCareMode('on', { scaleFactor: 1.7 }).fontScale).toBe(1.7)
  })

  it('turns off by hand even when WeChat font is enlarged', () => {
    expect(decideCareMode('off', { scaleFactor: 1.6, fontSizeSettingPx: 27 })).toEqual({ on: false, fontScale: 1, reason: 'manual-off', systemFactor: 1.6 })
  })
})

describe('font scale helpers', () => {
  it('reads the factor from the px setting over 17 px', () => {
    expect(systemScaleFactor({ fontSizeSettingPx: 34 })).toBe(2)
    expect(systemScaleFactor(undefined)).toBeNull()
  })

  it('never gives a care scale below 1.5 (24 CSS px body text)', () => {
    expect(careFontScale(null)).toBe(1.5)
    expect(careFontScale(1.2)).toBe(1.5)
    expect(32 * careFontScale(1.2) / 2).toBeGreaterThanOrEqual(24)
  })
})

describe('parseCareChoice', () => {
  it('reads the stored choice', () => {
    expect(parseCareChoice('on')).toBe('on')
    expect(parseCareChoice('off', 1.25)).toBe('off')
    expect(parseCareChoice('follow')).toBe('follow')
  })

  it('carries over the old 大字模式 switch', () => {
    expect(parseCareChoice('', 1.25)).toBe('on')
    expect(parseCareChoice(undefined, 1)).toBe('off')
  })

  it('follows the system when nothing valid is stored', () => {
    expect(parseCareChoice('', '')).toBe('follow')
    expect(parseCareChoice('loud', { data: 2 })).toBe('follow')
  })
})
