// WeChat: the matrix drawn on a Canvas 2D node (one rectangle per dark run).

import { Canvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useMemo } from 'react'
import { QR_QUIET_MODULES, darkRuns, qrMatrix } from './qr-matrix'
import { qrClassName, type QrCodeProps } from './qr-props'
import './qr-code.scss'

export type { QrCodeProps, QrSize } from './qr-props'

let seq = 0

interface CanvasNode {
  width: number
  height: number
  getContext(kind: '2d'): {
    scale(x: number, y: number): void
    fillStyle: string
    fillRect(x: number, y: number, w: number, h: number): void
  }
}

export function QrCode({ value, codeText, label, ...rest }: QrCodeProps) {
  const id = useMemo(() => `k-qr-${++seq}`, [])
  useEffect(() => {
    let cancelled = false
    Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: { node?: CanvasNode; width: number; height: number }[]) => {
          const hit = res?.[0]
          if (cancelled || !hit?.node) return
          const canvas = hit.node
          const dpr = Taro.getSystemInfoSync().pixelRatio || 2
          canvas.width = Math.round(hit.width * dpr)
          canvas.height = Math.round(hit.height * dpr)
          const ctx = canvas.getContext('2d')
          ctx.scale(dpr, dpr)
          const m = qrMatrix(value)
          const unit = hit.width / (m.size + 2 * QR_QUIET_MODULES)
          ctx.fillStyle = '#fff'
          ctx.fillRect(0, 0, hit.width, hit.height)
          ctx.fillStyle = '#000'
          // Slight overdraw hides hairline seams between neighbouring runs at fractional unit sizes.
          for (const [x, y, n] of darkRuns(m)) {
            ctx.fillRect((x + QR_QUIET_MODULES) * unit, (y + QR_QUIET_MODULES) * unit, n * unit + 0.5, unit + 0.5)
          }
        })
    })
    return () => {
      cancelled = true
    }
  }, [id, value])
  return (
    <View className={qrClassName(rest)} data-code={codeText ?? value} ariaLabel={label} ariaRole='img'>
      <Canvas type='2d' id={id} className='k-qr__canvas' />
    </View>
  )
}
