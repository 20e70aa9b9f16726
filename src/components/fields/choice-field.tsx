// One choice from a short list (镇街, 类型, 单位). WeChat (and the fallback) use the native Picker;
// choice-field.h5.tsx uses a real <select>.

import { Picker, View } from '@tarojs/components'

export interface ChoiceFieldProps {
  /** Accessible name, e.g. 镇街. */
  readonly label: string
  readonly options: readonly { readonly value: string; readonly label: string }[]
  readonly value: string
  readonly onChange: (value: string) => void
}

export function ChoiceField({ label, options, value, onChange }: ChoiceFieldProps) {
  const index = Math.max(0, options.findIndex((o) => o.value === value))
  return (
    <Picker mode='selector' range={options.map((o) => o.label)} value={index} onChange={(e) => onChange(options[Number(e.detail.value)]?.value ?? value)}>
      <View className='c-field' ariaRole='button' ariaLabel={`${label}：${options[index]?.label ?? ''}`}>
        {options[index]?.label ?? '请选择'} ▾
      </View>
    </Picker>
  )
}
