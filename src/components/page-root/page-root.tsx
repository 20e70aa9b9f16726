import { View } from '@tarojs/components'
import type { CSSProperties, ReactNode } from 'react'
import { useUiStore } from '../../stores/ui'

export interface PageRootProps {
  readonly children?: ReactNode
  readonly className?: string
}

/** Every page's outermost element: carries the design tokens and the user's font scale. */
export function PageRoot({ children, className }: PageRootProps) {
  const fontScale = useUiStore((s) => s.fontScale)
  const style = { '--font-scale': String(fontScale) } as CSSProperties
  return (
    <View className={`k-page${fontScale > 1 ? ' k-page--large' : ''}${className ? ` ${className}` : ''}`} style={style}>
      {children}
    </View>
  )
}
