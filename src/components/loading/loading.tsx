import { View } from '@tarojs/components'
import './loading.scss'

export type LoadingVariant = 'block' | 'inline'

export interface LoadingProps {
  readonly text?: string
  readonly variant?: LoadingVariant
}

export function Loading({ text = '加载中…', variant = 'block' }: LoadingProps) {
  return (
    <View className={`k-loading k-loading--${variant}`} ariaRole='status'>
      <View className='k-loading__spinner' />
      <View className='k-loading__text'>{text}</View>
    </View>
  )
}
