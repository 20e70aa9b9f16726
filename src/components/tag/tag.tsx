import { Text } from '@tarojs/components'
import type { ReactNode } from 'react'
import './tag.scss'

export type TagTone = 'brand' | 'neutral' | 'success' | 'warning' | 'danger'

export interface TagProps {
  readonly children: ReactNode
  readonly tone?: TagTone
  readonly className?: string
}

/** A short, non-interactive label (activity type, target group, seats). */
export function Tag({ children, tone = 'neutral', className }: TagProps) {
  return <Text className={`k-tag k-tag--${tone}${className ? ` ${className}` : ''}`}>{children}</Text>
}
