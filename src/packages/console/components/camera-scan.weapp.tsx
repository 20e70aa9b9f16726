// WeChat: the system scanner, one code per tap.

import Taro from '@tarojs/taro'
import { Button } from '../../../components/button'
import type { CameraScanProps } from './camera-props'

export type { CameraScanProps } from './camera-props'

export function CameraScan({ onCode, disabled }: CameraScanProps) {
  async function scan() {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      if (res.result) onCode(res.result)
    } catch (e) {
      // Closing the scanner is not an error.
      const msg = (e as { errMsg?: string })?.errMsg ?? ''
      if (!msg.includes('cancel')) void Taro.showToast({ title: '无法打开扫码，请输入签到码', icon: 'none', duration: 2500 })
    }
  }
  return (
    <Button block size='large' disabled={disabled} onClick={() => void scan()}>
      扫码签到
    </Button>
  )
}
