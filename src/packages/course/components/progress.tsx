import { View } from '@tarojs/components'

export interface ProgressProps {
  readonly attended: number
  readonly total: number
  readonly required: number
  readonly completed: boolean
}

/** 已上 3/4 课 in words, then a bar repeating it; completion is said in text too. */
export function Progress({ attended, total, required, completed }: ProgressProps) {
  const percent = total > 0 ? Math.min(100, Math.round((attended / total) * 100)) : 0
  return (
    <View className='c-progress' data-progress={`${attended}/${total}`}>
      <View className='c-progress__text'>
        已上 {attended}/{total} 课{completed ? ' · 已结业 ✓' : ` · 出席${required}节可结业`}
      </View>
      <View className='c-progress__bar' ariaRole='progressbar' ariaLabel={`已上${attended}节，共${total}节`}>
        <View className='c-progress__fill' style={{ width: `${percent}%` }} />
      </View>
    </View>
  )
}
