// The month chart: horizontal bars, one row per month, grouped under the year, each value printed
// on (or just after) its bar. Horizontal bars need no sideways scrolling on a 375 px phone and
// keep the labels readable at the large font; plain Views draw the same on WeChat and H5.

import { View } from '@tarojs/components'
import { useState } from 'react'
import type { BreakdownRow } from '../../../domain/contracts'
import { formatNumber, monthGroups } from '../ledger-format'
import './month-chart.scss'

export interface MonthChartProps {
  readonly rows: readonly BreakdownRow[]
  readonly unit: string
  /** Months shown before 显示全部 (the latest ones). */
  readonly initialMonths?: number
  readonly onPick?: (row: BreakdownRow) => void
}

export function MonthChart({ rows, unit, initialMonths = 12, onPick }: MonthChartProps) {
  const [all, setAll] = useState(false)
  const hidden = all ? 0 : Math.max(0, rows.length - initialMonths)
  const groups = monthGroups(rows.slice(hidden))
  return (
    <View className='month-chart' ariaLabel={`按月份统计，单位${unit}`}>
      {hidden > 0 ? (
        <View className='month-chart__more' ariaRole='button' onClick={() => setAll(true)}>
          显示全部 {rows.length} 个月（当前为最近 {initialMonths} 个月）
        </View>
      ) : null}
      {groups.map((g) => (
        <View key={g.year || 'other'} className='month-chart__year'>
          {g.year ? (
            <View className='month-chart__year-head'>
              {g.year}年<View className='month-chart__year-total'>合计 {formatNumber(g.total)} {unit}</View>
            </View>
          ) : null}
          {g.bars.map((b) => (
            <View
              key={b.key}
              className='month-chart__row'
              ariaRole={onPick ? 'button' : undefined}
              ariaLabel={`${g.year ? `${g.year}年` : ''}${b.month} ${formatNumber(b.value)}${unit}`}
              onClick={onPick ? () => onPick(b) : undefined}
            >
              <View className='month-chart__label'>{b.month}</View>
              <View className='month-chart__track'>
                <View className='month-chart__bar' style={{ width: `${b.width}%` }} />
                <View
                  className={`month-chart__value${b.valueInside ? ' month-chart__value--inside' : ''}`}
                  style={b.valueInside ? { right: `${100 - b.width}%` } : { left: `${b.width}%` }}
                >
                  {formatNumber(b.value)}
                </View>
              </View>
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
