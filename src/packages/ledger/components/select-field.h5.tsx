// H5: a native <select> inside the same box, so browsers show their own list and tests can pick by label.

import { View } from '@tarojs/components'
import type { SelectFieldProps } from './select-field'
import './select-field.scss'

export type { SelectFieldProps, SelectOption } from './select-field'

export function SelectField({ label, options, value, onChange, active = false, className }: SelectFieldProps) {
  return (
    <View className={`ledger-select${className ? ` ${className}` : ''}`}>
      <View className={`ledger-select__box${active ? ' ledger-select__box--set' : ''}`}>
        <View className='ledger-select__label'>{label}</View>
        <select className='ledger-select__native' aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </View>
    </View>
  )
}
