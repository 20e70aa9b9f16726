import { Input, View } from '@tarojs/components'
import { useState } from 'react'
import { Button } from '../../../components/button'
import type { CheckKind } from '../offline-rules'
import { CameraScan } from './camera-scan'

export interface ScanPanelProps {
  readonly kind: CheckKind
  readonly checkoutEnabled: boolean
  readonly busy: boolean
  readonly onKind: (kind: CheckKind) => void
  readonly onSubmit: (code: string) => Promise<boolean>
}

/** Camera (or the WeChat scanner) plus, always, a field to type or paste a code. */
export function ScanPanel({ kind, checkoutEnabled, busy, onKind, onSubmit }: ScanPanelProps) {
  const [text, setText] = useState('')
  const verb = kind === 'out' ? '签退' : '签到'

  const submit = async () => {
    const code = text.trim()
    if (!code || busy) return
    await onSubmit(code)
    setText('')
  }

  return (
    <View className='k-section scan'>
      {checkoutEnabled ? (
        <View className='scan__kinds' ariaRole='radiogroup'>
          {(['in', 'out'] as const).map((k) => (
            <View
              key={k}
              className={`scan__kind${kind === k ? ' scan__kind--on' : ''}${k === 'out' ? ' scan__kind--second' : ''}`}
              ariaRole='radio'
              ariaLabel={`${k === 'in' ? '签到' : '签退'}${kind === k ? '，已选' : ''}`}
              onClick={() => onKind(k)}
            >
              {kind === k ? '✓ ' : ''}
              {k === 'in' ? '签到' : '签退'}
            </View>
          ))}
        </View>
      ) : null}
      <CameraScan onCode={(code) => void onSubmit(code)} disabled={busy} />
      <View className='scan__manual'>
        <Input
          className='scan__input'
          type='text'
          confirmType='done'
          maxlength={400}
          placeholder='输入或粘贴签到码'
          value={text}
          onInput={(e) => setText(e.detail.value)}
          onConfirm={() => void submit()}
          ariaLabel='签到码'
        />
        <Button className='scan__submit' loading={busy} disabled={!text.trim()} onClick={() => void submit()}>
          {verb}
        </Button>
      </View>
    </View>
  )
}
