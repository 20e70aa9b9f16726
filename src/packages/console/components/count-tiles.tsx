import { View } from '@tarojs/components'
import type { ConsoleCounts } from '../../../domain/checkin/rules'

const TILES: { key: keyof ConsoleCounts; label: string; tone: string }[] = [
  { key: 'registered', label: '已报名', tone: 'brand' },
  { key: 'checkedIn', label: '已签到', tone: 'success' },
  { key: 'waitlisted', label: '候补', tone: 'warning' },
  { key: 'absent', label: '未到', tone: 'neutral' },
]

/** 已报名 / 已签到 / 候补 / 未到 as four large numbers. */
export function CountTiles({ counts }: { counts: ConsoleCounts | null }) {
  return (
    <View className='counts' ariaRole='status'>
      {TILES.map((t) => (
        <View key={t.key} className={`counts__tile counts__tile--${t.tone}`} data-count={t.key}>
          <View className='counts__value'>{counts ? counts[t.key] : '–'}</View>
          <View className='counts__label'>{t.label}</View>
        </View>
      ))}
    </View>
  )
}
