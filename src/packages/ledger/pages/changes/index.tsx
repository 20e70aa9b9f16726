// 修改记录: the change log of attendance corrections admins made after attendance closed — who, when,
// which activity and person, what changed and why. Opened from the dashboard, or from one activity's
// 签到台 (then only that activity's).
import { Text, View } from '@tarojs/components'
import Taro, { useLoad, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { CorrectionView } from '../../../../domain/contracts'
import { EmptyState } from '../../../../components/empty-state'
import { loadStatePage } from '../../../../components/load-state'
import { PageRoot } from '../../../../components/page-root'
import { Tag } from '../../../../components/tag'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession } from '../../../../stores/session'
import { formatDateTime } from '../../../../utils/format'
import './index.scss'

/** 标记出勤（签到时间 09:15） / 撤销出勤（原签到 09:15）. */
function changeLine(c: CorrectionView): string {
  if (c.attended) return `标记为出勤${c.checkedInAtAfter ? `（签到时间 ${formatDateTime(c.checkedInAtAfter)}）` : ''}`
  return `撤销出勤${c.checkedInAtBefore ? `（原签到 ${formatDateTime(c.checkedInAtBefore)}）` : ''}`
}

export default function LedgerChangesPage() {
  const { params } = useRouter()
  const activityId = params.activityId ? decodeURIComponent(params.activityId) : undefined
  const [items, setItems] = useState<CorrectionView[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  async function load() {
    setError(null)
    try {
      await ensureSession()
      setItems(await api.ledger.corrections(activityId ? { activityId } : {}))
    } catch (e) {
      setError(toApiError(e))
    }
  }
  useLoad(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const gate = loadStatePage({ error, loaded: !!items, deniedMessage: '只有区科协管理员可以查看修改记录', onRetry: () => void load() })
  if (gate || !items) return gate
  return (
    <PageRoot>
      <View className='k-section'>
        <View className='k-section__title'>出勤更正</View>
        <View className='k-section__hint'>
          活动确认出勤后，签到台不再接受签到；此后的出勤更改由区科协管理员在签到台名单中更正，须填写原因，并记录在这里。台账数字随之更新。
        </View>
      </View>
      {items.length === 0 ? (
        <EmptyState title='暂无修改记录' description={activityId ? '该活动确认出勤后没有更正过' : '确认出勤后还没有更正过任何出勤'} />
      ) : (
        <View className='changes__list'>
          {items.map((c) => (
            <View key={c.id} className='changes__item' data-correction={c.id}>
              <View className='changes__head'>
                <Text className='changes__person'>{c.personName}</Text>
                <Tag tone={c.attended ? 'success' : 'danger'}>{c.attended ? '补记出勤' : '撤销出勤'}</Tag>
              </View>
              <View className='changes__line'>
                {c.activityTitle}
                {c.activityStartAt ? `（${formatDateTime(c.activityStartAt)}）` : ''}
              </View>
              <View className='changes__line'>{changeLine(c)}</View>
              <View className='changes__reason'>原因：{c.reason}</View>
              <View className='changes__meta'>
                {c.byName} · {formatDateTime(c.at)}
              </View>
            </View>
          ))}
        </View>
      )}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
