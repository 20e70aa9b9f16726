// The QR code's interface. Taro picks qr-code.h5.tsx (inline SVG) or qr-code.weapp.tsx (Canvas 2D)
// per platform; this fallback draws nothing but keeps the code text in the DOM.

import { View } from '@tarojs/components'
import { qrClassName, type QrCodeProps } from './qr-props'
import './qr-code.scss'

export type { QrCodeProps, QrSize } from './qr-props'

export function QrCode({ value, codeText, label, ...rest }: QrCodeProps) {
  return <View className={qrClassName(rest)} data-code={codeText ?? value} ariaLabel={label} ariaRole='img' />
}
