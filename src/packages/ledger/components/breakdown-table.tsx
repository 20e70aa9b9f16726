// One breakdown (重点人群 / 单位 / 镇街) as a table: name, value, share; a row opens the drill-down.

import { Text, View } from '@tarojs/components'
import type { BreakdownRow } from '../../../domain/contracts'
import { chartBars, formatNumber, share } from '../ledger-format'
import './breakdown-table.scss'

export interface BreakdownTableProps {
  readonly title: string
  readonly rows: readonly BreakdownRow[]
  readonly unit: string
  readonly onPick?: (row: BreakdownRow) => void
}

export function BreakdownTable({ title, rows, unit, onPick }: BreakdownTableProps) {
  const bars = chartBars(rows)
  return (
    <View className='bd-table'>
      <View className='bd-table__title'>{title}</View>
      {rows.length === 0 ? (
        <View className='k-section__hint'>暂无数据</View>
      ) : (
        <View>
          <View className='bd-table__row bd-table__row--head'>
            <Text className='bd-table__name'>名称</Text>
            <Text className='bd-table__num'>{unit || '数值'}</Text>
            <Text className='bd-table__share'>占比</Text>
            {onPick ? <Text className='bd-table__chevron' /> : null}
          </View>
          {bars.map((b) => (
            <View
              key={b.key}
              className='bd-table__row'
              ariaRole={onPick ? 'button' : undefined}
              ariaLabel={`${b.label} ${formatNumber(b.value)}${unit}，查看明细`}
              onClick={onPick ? () => onPick(b) : undefined}
            >
              <View className='bd-table__name'>
                <View>{b.label}</View>
                <View className='bd-table__mini'>
                  <View className='bd-table__mini-bar' style={{ width: `${b.width}%` }} />
                </View>
              </View>
              <Text className='bd-table__num'>{formatNumber(b.value)}</Text>
              <Text className='bd-table__share'>{share(b.value, rows)}</Text>
              {onPick ? <Text className='bd-table__chevron'>›</Text> : null}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
