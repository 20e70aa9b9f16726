// A Shanghai date and time. WeChat (and the fallback) use two native Pickers; datetime-field.h5.tsx
// uses <input type="datetime-local">, which browsers and tests fill directly.

import { Picker, View } from '@tarojs/components'

export interface DateTimeFieldProps {
  /** Accessible name, e.g. 第1课开始时间. */
  readonly label: string
  /** Shanghai wall-clock 'YYYY-MM-DDTHH:mm', or '' when not chosen. */
  readonly value: string
  readonly onChange: (value: string) => void
}

export function DateTimeField({ label, value, onChange }: DateTimeFieldProps) {
  const [date, time] = value ? value.split('T') : ['', '']
  return (
    <View className='c-row'>
      <Picker mode='date' value={date} onChange={(e) => onChange(`${e.detail.value}T${time || '09:00'}`)}>
        <View className='c-field' ariaRole='button' ariaLabel={`${label}日期`}>
          {date || '选择日期'}
        </View>
      </Picker>
      <Picker mode='time' value={time || '09:00'} onChange={(e) => onChange(`${date || ''}T${e.detail.value}`)}>
        <View className='c-field' ariaRole='button' ariaLabel={`${label}时间`}>
          {time || '选择时间'}
        </View>
      </Picker>
    </View>
  )
}
