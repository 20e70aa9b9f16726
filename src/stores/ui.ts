// Interface preferences kept on the device: 关怀模式 (care mode). The decision itself is the pure
// decideCareMode (utils/care-mode); this store holds its inputs (the person's choice, the system font
// reading) and its result.

import Taro from '@tarojs/taro'
import { create } from 'zustand'
import { readSystemFont } from '../services/system-font'
import { decideCareMode, parseCareChoice, type CareChoice, type CareModeDecision, type SystemFont } from '../utils/care-mode'

const CHOICE_KEY = 'ui.careMode'
/** The older 大字模式 switch stored its scale here; read once to carry the choice over. */
const LEGACY_SCALE_KEY = 'ui.fontScale'

function readStored(key: string): unknown {
  try {
    return Taro.getStorageSync(key)
  } catch {
    return undefined
  }
}

interface UiState {
  readonly careChoice: CareChoice
  readonly systemFont: SystemFont | null
  readonly care: CareModeDecision
  /** --font-scale of every page: 1, or the care-mode scale (≥ 1.5). */
  readonly fontScale: number
  readonly careMode: boolean
}

function stateFor(careChoice: CareChoice, systemFont: SystemFont | null): UiState {
  const care = decideCareMode(careChoice, systemFont)
  return { careChoice, systemFont, care, fontScale: care.fontScale, careMode: care.on }
}

function initialState(): UiState {
  const choice = parseCareChoice(readStored(CHOICE_KEY), readStored(LEGACY_SCALE_KEY))
  return stateFor(choice, readSystemFont())
}

export const useUiStore = create<UiState>()(() => initialState())

/** The person's choice in 我的 → 设置 → 关怀模式; kept on the device. */
export function setCareChoice(choice: CareChoice): void {
  useUiStore.setState(stateFor(choice, useUiStore.getState().systemFont))
  try {
    Taro.setStorageSync(CHOICE_KEY, choice)
  } catch {
    // Storage can be full or unavailable; the choice still holds for this visit.
  }
}

/** Reads the WeChat (or browser) font setting again, e.g. when the app comes back to the foreground. */
export function refreshSystemFont(): void {
  const { careChoice, systemFont } = useUiStore.getState()
  const next = readSystemFont()
  if (JSON.stringify(next) !== JSON.stringify(systemFont)) useUiStore.setState(stateFor(careChoice, next))
}

export const resetUiStore = (): void => useUiStore.setState(stateFor('follow', null), true)
