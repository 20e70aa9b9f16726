import { View } from '@tarojs/components'
import { Button } from '../button'
import './empty-state.scss'

export interface EmptyStateProps {
  readonly title: string
  readonly description?: string
  readonly actionLabel?: string
  readonly onAction?: () => void
}

export function EmptyState({ title, description, actionLabel, onAction }: EmptyStateProps) {
  return (
    <View className='k-empty'>
      <View className='k-empty__title'>{title}</View>
      {description ? <View className='k-empty__desc'>{description}</View> : null}
      {actionLabel && onAction ? (
        <View className='k-empty__action'>
          <Button variant='secondary' onClick={onAction}>
            {actionLabel}
          </Button>
        </View>
      ) : null}
    </View>
  )
}
