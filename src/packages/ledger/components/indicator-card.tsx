// One indicator: value against target, percent with a bar, status in words and an icon, how it is counted.

import { Text, View } from '@tarojs/components'
import type { IndicatorCardView } from '../../../domain/contracts'
import { Button } from '../../../components/button'
import { Tag } from '../../../components/tag'
import { cardStatus, expectedLine, formatNumber, formatPercent, periodKindName, progressWidth, ruleName, shanghaiDate } from '../ledger-format'
import './indicator-card.scss'

export interface IndicatorCardProps {
  readonly card: IndicatorCardView
  readonly selected: boolean
  /** Admins: 填报 on entered figures and 编辑指标. */
  readonly canEdit: boolean
  readonly onSelect: () => void
  readonly onDrill: () => void
  readonly onEdit: () => void
  readonly onEnter: () => void
}

function IndicatorDetail({ card: c }: { card: IndicatorCardView }) {
  const status = cardStatus(c)
  const width = progressWidth(c.percent)
  const expected = expectedLine(c.expected, c.unit)
  const isEntered = c.rule === 'entered'
  return (
    <View>
      <View className='ledger-card__head'>
        <View className='ledger-card__name'>{c.name}</View>
        <Tag tone={status.tone} className='ledger-card__status'>
          {status.icon} {status.label}
        </Tag>
      </View>
      <View className='ledger-card__figure'>
        <Text className='ledger-card__value' data-value={c.value === null ? '' : String(c.value)}>
          {c.value === null ? (c.periodNote ? '—' : '未填报') : formatNumber(c.value)}
        </Text>
        {c.value === null ? null : <Text className='ledger-card__unit'>{c.unit}</Text>}
        {c.target !== null ? (
          <Text className='ledger-card__target'>
            / 目标 {formatNumber(c.target)} {c.unit}
          </Text>
        ) : null}
      </View>

      {c.target !== null && !c.periodNote ? (
        <View className='ledger-card__progress'>
          <View className='ledger-card__track' ariaRole='progressbar' ariaLabel={`完成${formatPercent(c.percent)}`}>
            <View className={`ledger-card__bar ledger-card__bar--${c.status}`} style={{ width: `${width}%` }} />
          </View>
          <Text className='ledger-card__percent'>完成 {formatPercent(c.percent)}</Text>
        </View>
      ) : null}
      {expected ? <View className='ledger-card__line'>{expected}</View> : null}
      {c.periodNote ? <View className='ledger-card__line ledger-card__period-note'>{c.periodNote}</View> : null}

      <View className='ledger-card__line ledger-card__meta'>
        {periodKindName(c.periodKind)} · 按{ruleName(c.rule)}统计
      </View>
      {c.countingNote ? <View className='ledger-card__note'>统计口径：{c.countingNote}</View> : null}
      {isEntered ? (
        <View className='ledger-card__line ledger-card__meta'>
          {c.entered ? `来源：${c.entered.source} · ${shanghaiDate(c.entered.asOf)}` : '尚未填报'}
        </View>
      ) : null}

    </View>
  )
}

export function IndicatorCard({ card: c, selected, canEdit, onSelect, onDrill, onEdit, onEnter }: IndicatorCardProps) {
  const status = cardStatus(c)
  const isEntered = c.rule === 'entered'
  // Plain counts without a target take one compact block, so a phone reaches the breakdowns sooner.
  const compact = c.target === null && !isEntered && !selected
  return (
    <View
      className={`ledger-card${compact ? ' ledger-card--compact' : ''}${selected ? ' ledger-card--selected' : ''}`}
      data-indicator={c.id}
      ariaRole='button'
      ariaLabel={`${c.name}${selected ? '，已选中' : ''}`}
      onClick={onSelect}
    >
      {compact ? (
        <View className='ledger-card__head'>
          <View className='ledger-card__name'>
            {c.name}
            <View className='ledger-card__compact-meta'>
              {status.icon} {status.label} · {periodKindName(c.periodKind)} · 按{ruleName(c.rule)}
            </View>
          </View>
          <View className='ledger-card__compact-figure'>
            <Text className='ledger-card__value' data-value={c.value === null ? '' : String(c.value)}>
              {c.value === null ? '—' : formatNumber(c.value)}
            </Text>
            <Text className='ledger-card__unit'>{c.unit}</Text>
          </View>
        </View>
      ) : (
        <IndicatorDetail card={c} />
      )}
      {compact && c.periodNote ? <View className='ledger-card__note ledger-card__note--compact ledger-card__period-note'>{c.periodNote}</View> : null}
      {compact && c.countingNote ? <View className='ledger-card__note ledger-card__note--compact'>{c.countingNote}</View> : null}

      {selected || (canEdit && isEntered) ? (
        <View className='ledger-card__actions' onClick={(e) => e.stopPropagation()}>
          {selected && !isEntered ? (
            <Button size='small' variant='secondary' onClick={onDrill}>
              查看明细
            </Button>
          ) : null}
          {canEdit && isEntered ? (
            <Button size='small' onClick={onEnter}>
              填报
            </Button>
          ) : null}
          {canEdit && selected ? (
            <Button size='small' variant='ghost' onClick={onEdit}>
              编辑指标
            </Button>
          ) : null}
        </View>
      ) : null}
      {selected ? <View className='ledger-card__selected-hint'>✓ 已选中，下方分项统计显示此指标</View> : null}
    </View>
  )
}
