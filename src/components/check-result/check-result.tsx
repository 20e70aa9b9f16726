import { Text, View } from '@tarojs/components'
import { formatClock } from '../../utils/format'
import { Tag } from '../tag'
import { groupName, outcomeTone, type CheckOutcome } from './outcome'
import './check-result.scss'

export interface CheckResultProps {
  readonly outcome: CheckOutcome
  /** Smaller, left-aligned, for lists of results (sync, self check-in). */
  readonly compact?: boolean
}

const ICONS = { success: '✓', warning: '!', danger: '✕' } as const

/** 签到成功 (green), 已签到 with time and operator (amber), or the refusal (red), spelled out in words. */
export function CheckResult({ outcome: o, compact = false }: CheckResultProps) {
  const tone = outcomeTone(o)
  return (
    <View className={`k-result k-result--${tone}${compact ? ' k-result--compact' : ''}`} ariaRole='alert' data-verdict={o.ok ? o.verdict : o.code}>
      <View className='k-result__headline'>
        <Text className='k-result__icon'>{ICONS[tone]}</Text>
        {o.headline}
      </View>
      {o.name ? <View className='k-result__name'>{o.name}</View> : null}
      {o.ok && o.targetGroup ? (
        <View className='k-result__group'>
          <Tag tone='brand'>{groupName(o.targetGroup)}</Tag>
        </View>
      ) : null}
      {o.ok && o.verdict === 'already' ? (
        <View className='k-result__line'>
          {o.at ? `${o.kind === 'out' ? '签退' : '签到'}时间 ${formatClock(o.at)}` : ''}
          {o.operatorName ? ` · 经办人 ${o.operatorName}` : ''}
        </View>
      ) : null}
      {o.ok && o.verdict === 'ok' && o.at && !compact ? <View className='k-result__line'>{formatClock(o.at)}</View> : null}
      {o.ok && o.offline ? <View className='k-result__line'>离线记录，联网后自动同步</View> : null}
      {!o.ok && o.message ? <View className='k-result__line'>{o.message}</View> : null}
    </View>
  )
}
