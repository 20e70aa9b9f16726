import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { ActivityView } from '../../domain/contracts'
import { formatRange } from '../../utils/format'

export interface InfoRowProps {
  readonly label: string
  readonly children: ReactNode
}

/** One labelled row of a detail block (`k-info` styles in app.scss). */
export function InfoRow({ label, children }: InfoRowProps) {
  return (
    <View className='k-info'>
      <View className='k-info__label'>{label}</View>
      <View className='k-info__value'>{children}</View>
    </View>
  )
}

/** 时间 and 地点 of an activity, shown in Asia/Shanghai. */
export function ActivityWhenWhere({ activity: a }: { activity: Pick<ActivityView, 'startAt' | 'endAt' | 'place' | 'areaName'> }) {
  return (
    <>
      <InfoRow label='时间'>{formatRange(a.startAt, a.endAt)}</InfoRow>
      <InfoRow label='地点'>
        {a.place}
        {a.areaName ? ` · ${a.areaName}` : ''}
      </InfoRow>
    </>
  )
}
