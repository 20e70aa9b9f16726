import { View } from '@tarojs/components'
import { ACTIVITY_TYPES, TARGET_GROUPS, nameOf } from '../../domain/catalog'
import type { ActivityView } from '../../domain/contracts'
import { formatRange } from '../../utils/format'
import { seatsLabel } from '../../utils/labels'
import { Tag, type TagTone } from '../tag'
import './activity-card.scss'

export interface ActivityCardProps {
  readonly activity: ActivityView
  readonly onClick?: (activity: ActivityView) => void
}

const SEAT_TONES: Record<ActivityView['availability'], TagTone> = {
  available: 'success',
  waitlist: 'warning',
  full: 'danger',
}

export function ActivityCard({ activity: a, onClick }: ActivityCardProps) {
  return (
    <View className='k-card' ariaRole='link' onClick={onClick ? () => onClick(a) : undefined}>
      <View className='k-card__head'>
        <Tag tone='brand'>{nameOf(ACTIVITY_TYPES, a.type)}</Tag>
        <Tag tone={SEAT_TONES[a.availability]}>{seatsLabel(a.availability, a.seatsLeft)}</Tag>
      </View>
      <View className='k-card__title'>{a.title}</View>
      <View className='k-card__row'>
        <View className='k-card__label'>时间</View>
        <View className='k-card__value'>{formatRange(a.startAt, a.endAt)}</View>
      </View>
      <View className='k-card__row'>
        <View className='k-card__label'>地点</View>
        <View className='k-card__value'>
          {a.place}
          {a.areaName ? ` · ${a.areaName}` : ''}
        </View>
      </View>
      {a.targetGroups.length > 0 ? (
        <View className='k-card__row'>
          <View className='k-card__label'>适合</View>
          <View className='k-card__value'>{a.targetGroups.map((g) => nameOf(TARGET_GROUPS, g)).join('、')}</View>
        </View>
      ) : null}
    </View>
  )
}
