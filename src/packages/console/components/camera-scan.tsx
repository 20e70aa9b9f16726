// Camera scanning. Taro picks camera-scan.h5.tsx (getUserMedia + jsQR) or camera-scan.weapp.tsx
// (Taro.scanCode); this fallback offers nothing, the text field remains.

import type { CameraScanProps } from './camera-props'

export type { CameraScanProps } from './camera-props'

export function CameraScan(_props: CameraScanProps) {
  return null
}
