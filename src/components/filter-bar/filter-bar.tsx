import { Input, Picker, View } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import type { ActivityFilter, DateFilter } from '../../domain/activities/query'
import { ACTIVITY_TYPES, TARGET_GROUPS } from '../../domain/catalog'
import type { Area } from '../../domain/types'
import { Button } from '../button'
import { Chip } from '../chip'
import './filter-bar.scss'
import { SEARCH_MAX } from '../../domain/limits'

export interface FilterBarProps {
  readonly filter: ActivityFilter
  readonly areas: readonly Area[]
  readonly onChange: (patch: Partial<ActivityFilter>) => void
  /** Shown as 清除筛选 when any filter is set. */
  readonly onClear?: () => void
  readonly active?: boolean
}

const DATES: { code: DateFilter; name: string }[] = [
  { code: 'week', name: '本周' },
  { code: 'month', name: '本月' },
  { code: 'all', name: '全部' },
]

const ALL_TYPES = '全部类型'
const ALL_AREAS = '全部镇街'
// The pickers' ranges keep their identity between renders: a new array is sent to the view again
// (setData) on every render, which was on every keystroke in the search field.
const TYPE_NAMES = [ALL_TYPES, ...ACTIVITY_TYPES.map((t) => t.name)]

export function FilterBar({ filter, areas, onChange, onClear, active = false }: FilterBarProps) {
  const [text, setText] = useState(filter.text ?? '')
  useEffect(() => setText(filter.text ?? ''), [filter.text])

  const typeNames = TYPE_NAMES
  const typeIndex = filter.type ? ACTIVITY_TYPES.findIndex((t) => t.code === filter.type) + 1 : 0
  const areaNames = useMemo(() => [ALL_AREAS, ...areas.map((a) => a.name)], [areas])
  const areaIndex = filter.areaId ? Math.max(0, areas.findIndex((a) => a.id === filter.areaId) + 1) : 0
  const date = filter.date ?? 'all'

  const search = () => onChange({ text: text.trim() || undefined })

  return (
    <View className='k-filter'>
      <View className='k-filter__search'>
        <Input
          className='k-filter__input'
          type='text'
          confirmType='search'
          maxlength={SEARCH_MAX}
          placeholder='搜索活动名称、地点'
          value={text}
          onInput={(e) => setText(e.detail.value)}
          onConfirm={search}
          ariaLabel='搜索活动'
        />
        <Button size='small' onClick={search} className='k-filter__search-btn'>
          搜索
        </Button>
      </View>

      <View className='k-filter__label'>重点人群</View>
      <View className='k-filter__chips'>
        <Chip label='全部' selected={!filter.targetGroup} onClick={() => onChange({ targetGroup: undefined })} />
        {TARGET_GROUPS.map((g) => (
          <Chip
            key={g.code}
            label={g.name}
            selected={filter.targetGroup === g.code}
            onClick={() => onChange({ targetGroup: filter.targetGroup === g.code ? undefined : g.code })}
          />
        ))}
      </View>

      <View className='k-filter__pickers'>
        <Picker
          className='k-filter__picker'
          mode='selector'
          range={typeNames}
          value={typeIndex}
          onChange={(e) => {
            const i = Number(e.detail.value)
            onChange({ type: i > 0 ? ACTIVITY_TYPES[i - 1].code : undefined })
          }}
        >
          <View className={`k-filter__select${typeIndex > 0 ? ' k-filter__select--set' : ''}`} ariaRole='button' ariaLabel={`活动类型：${typeNames[typeIndex]}`}>
            <View className='k-filter__select-label'>活动类型</View>
            <View className='k-filter__select-value'>{typeNames[typeIndex]} ▾</View>
          </View>
        </Picker>
        <Picker
          className='k-filter__picker k-filter__picker--second'
          mode='selector'
          range={areaNames}
          value={areaIndex}
          onChange={(e) => {
            const i = Number(e.detail.value)
            onChange({ areaId: i > 0 ? areas[i - 1].id : undefined })
          }}
        >
          <View className={`k-filter__select${areaIndex > 0 ? ' k-filter__select--set' : ''}`} ariaRole='button' ariaLabel={`镇街：${areaNames[areaIndex]}`}>
            <View className='k-filter__select-label'>镇街</View>
            <View className='k-filter__select-value'>{areaNames[areaIndex]} ▾</View>
          </View>
        </Picker>
      </View>

      <View className='k-filter__dates' ariaRole='tablist'>
        {DATES.map((d, i) => (
          <View
            key={d.code}
            className={`k-filter__date${i === 0 ? ' k-filter__date--first' : ''}${date === d.code ? ' k-filter__date--on' : ''}`}
            ariaRole='tab'
            ariaLabel={date === d.code ? `${d.name}，已选` : d.name}
            onClick={() => onChange({ date: d.code })}
          >
            {d.name}
          </View>
        ))}
      </View>

      {active && onClear ? (
        <View className='k-filter__clear' ariaRole='button' onClick={onClear}>
          清除筛选
        </View>
      ) : null}
    </View>
  )
}
