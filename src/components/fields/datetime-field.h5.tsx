// H5: a native datetime-local input; the value is Shanghai wall-clock time (see course-helpers.ts).

import { View } from '@tarojs/components'
import type { DateTimeFieldProps } from './datetime-field'

export type { DateTimeFieldProps } from './datetime-field'

export function DateTimeField({ label, value, onChange }: DateTimeFieldProps) {
  return (
    <View className='c-row'>
      <input className='c-field c-field--native' type='datetime-local' aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} />
    </View>
  )
}
