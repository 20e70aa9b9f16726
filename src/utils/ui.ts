import Taro from '@tarojs/taro'

export function toastSuccess(title: string): void {
  void Taro.showToast({ title, icon: 'success', duration: 1500 })
}

/** A yes/no question; resolves true when the person confirms. */
export async function confirm(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  const res = await Taro.showModal({ title, content, confirmText, cancelText: '再想想', confirmColor: '#c62828' })
  return res.confirm
}

/** Back to where the person came from, or to a tab page when there is nowhere to go back to. */
export function goBackOr(tabUrl = '/pages/index/index'): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void Taro.switchTab({ url: tabUrl })
}
