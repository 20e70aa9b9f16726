// A labelled single choice (plan, 镇街, 单位). WeChat (and the fallback) use the native Picker;
// select-field.h5.tsx uses a real <select>, which is easier on desktop browsers and in tests.

import { Picker, View } from '@tarojs/components'
import './select-field.scss'

export interface SelectOption {
  readonly value: string
  readonly label: string
}

export interface SelectFieldProps {
  /** Visible label and accessible name, e.g. 镇街. */
  readonly label: string
  readonly options: readonly SelectOption[]
  readonly value: string
  readonly onChange: (value: string) => void
  /** Highlighted when a filter is set. */
  readonly active?: boolean
  readonly className?: string
}

export function SelectField({ label, options, value, onChange, active = false, className }: SelectFieldProps) {
  const index = Math.max(0, options.findIndex((o) => o.value === value))
  const current = options[index]?.label ?? ''
  return (
    <Picker
      className={`ledger-select${className ? ` ${className}` : ''}`}
      mode='selector'
      range={options.map((o) => o.label)}
      value={index}
      onChange={(e) => {
        const o = options[Number(e.detail.value)]
        if (o) onChange(o.value)
      }}
    >
      <View className={`ledger-select__box${active ? ' ledger-select__box--set' : ''}`} ariaRole='button' ariaLabel={`${label}：${current}`}>
        <View className='ledger-select__label'>{label}</View>
        <View className='ledger-select__value'>{current} ▾</View>
      </View>
    </Picker>
  )
}
