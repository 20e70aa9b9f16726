// H5: an inline SVG, crisp at any zoom and in print.

import { View } from '@tarojs/components'
import { useMemo } from 'react'
import { QR_QUIET_MODULES, qrMatrix, qrSvgPath } from './qr-matrix'
import { qrClassName, type QrCodeProps } from './qr-props'
import './qr-code.scss'

export type { QrCodeProps, QrSize } from './qr-props'

export function QrCode({ value, codeText, label, ...rest }: QrCodeProps) {
  const { side, path } = useMemo(() => {
    const m = qrMatrix(value)
    return { side: m.size + 2 * QR_QUIET_MODULES, path: qrSvgPath(m) }
  }, [value])
  return (
    <View className={qrClassName(rest)} data-code={codeText ?? value}>
      <svg className='k-qr__svg' viewBox={`0 0 ${side} ${side}`} role='img' aria-label={label} shapeRendering='crispEdges'>
        <rect width={side} height={side} fill='#fff' />
        <path d={path} fill='#000' />
      </svg>
    </View>
  )
}
