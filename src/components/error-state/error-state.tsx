import { View } from '@tarojs/components'
import { Button } from '../button'
import './error-state.scss'

export interface ErrorStateProps {
  /** The Chinese message to show, e.g. 网络异常，请检查网络后重试. */
  readonly message: string
  readonly onRetry?: () => void
}

export function ErrorState({ message, onRetry }: ErrorStateProps) {
  return (
    <View className='k-error' ariaRole='alert'>
      <View className='k-error__title'>加载失败</View>
      <View className='k-error__message'>{message}</View>
      {onRetry ? (
        <View className='k-error__action'>
          <Button onClick={onRetry}>重试</Button>
        </View>
      ) : null}
    </View>
  )
}
