// WeChat: getNetworkType and onNetworkStatusChange.

import Taro from '@tarojs/taro'

export type NetworkListener = (online: boolean) => void

export async function currentlyOnline(): Promise<boolean> {
  try {
    const res = await Taro.getNetworkType()
    return res.networkType !== 'none'
  } catch {
    return true
  }
}

export function watchNetwork(listener: NetworkListener): () => void {
  const handler = (res: { isConnected: boolean }) => listener(res.isConnected)
  Taro.onNetworkStatusChange(handler)
  return () => Taro.offNetworkStatusChange(handler)
}
