import { View } from '@tarojs/components'
import { Button } from '../button'
import './error-state.scss'

export interface ErrorStateProps {
  /** Headline; 加载失败 unless the problem is not a failed load (e.g. 无法访问). */
  readonly title?: string
  /** The Chinese message to show, e.g. 网络异常，请检查网络后重试. */
  readonly message: string
  readonly onRetry?: () => void
}

export function ErrorState({ title = '加载失败', message, onRetry }: ErrorStateProps) {
  return (
    <View className='k-error' ariaRole='alert'>
      <View className='k-error__title'>{title}</View>
      <View className='k-error__message'>{message}</View>
      {onRetry ? (
        <View className='k-error__action'>
          <Button onClick={onRetry}>重试</Button>
        </View>
      ) : null}
    </View>
  )
}
