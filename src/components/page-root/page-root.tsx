import { View } from '@tarojs/components'
import type { CSSProperties, ReactNode } from 'react'
import { useUiStore } from '../../stores/ui'

export interface PageRootProps {
  readonly children?: ReactNode
  readonly className?: string
}

/** Every page's outermost element: carries the design tokens, the font scale and 关怀模式 (k-page--care). */
export function PageRoot({ children, className }: PageRootProps) {
  const fontScale = useUiStore((s) => s.fontScale)
  const careMode = useUiStore((s) => s.careMode)
  const style = { '--font-scale': String(fontScale) } as CSSProperties
  return (
    <View className={`k-page${careMode ? ' k-page--care' : ''}${className ? ` ${className}` : ''}`} style={style}>
      {children}
    </View>
  )
}
