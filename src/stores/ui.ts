// Interface preferences kept on the device: the large-font (关怀) mode.

import Taro from '@tarojs/taro'
import { create } from 'zustand'

export type FontScale = 1 | 1.25
export const LARGE_FONT_SCALE: FontScale = 1.25
const STORAGE_KEY = 'ui.fontScale'

function readStoredScale(): FontScale {
  try {
    return Taro.getStorageSync(STORAGE_KEY) === LARGE_FONT_SCALE ? LARGE_FONT_SCALE : 1
  } catch {
    return 1
  }
}

interface UiState {
  readonly fontScale: FontScale
}

export const useUiStore = create<UiState>()(() => ({ fontScale: readStoredScale() }))

export function setFontScale(fontScale: FontScale): void {
  useUiStore.setState({ fontScale })
  try {
    Taro.setStorageSync(STORAGE_KEY, fontScale)
  } catch {
    // Storage can be full or unavailable; the choice still holds for this visit.
  }
}

export const resetUiStore = (): void => useUiStore.setState({ fontScale: 1 }, true)
