import Taro from '@tarojs/taro'
import { errorMessage } from './transport'

/** Shows an API or network failure's Chinese message (here, not in utils: utils do not import services). */
export function toastError(e: unknown): void {
  void Taro.showToast({ title: errorMessage(e), icon: 'none', duration: 3000 })
}
