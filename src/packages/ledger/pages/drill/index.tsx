import { Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { DEPARTMENTS, TARGET_GROUPS, nameOf } from '../../../../domain/catalog'
import type { DrillView } from '../../../../domain/contracts'
import { EmptyState } from '../../../../components/empty-state'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { Tag } from '../../../../components/tag'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { areaName, loadCatalog, useCatalogStore } from '../../../../stores/catalog'
import { formatDay } from '../../../../utils/format'
import { BREAKDOWN_TITLES, formatNumber, parseDrillParams, type DrillParams } from '../../ledger-format'
import './index.scss'

const activityUrl = (id: string) => `/pages/activity/index?id=${encodeURIComponent(id)}`

export default function LedgerDrillPage() {
  const router = useRouter()
  const areas = useCatalogStore((s) => s.areas)
  const [params] = useState<DrillParams | null>(() => parseDrillParams(router.params))
  const [view, setView] = useState<DrillView | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  async function load() {
    if (!params) return
    setError(null)
    try {
      setView(
        await api.ledger.drill({
          indicatorId: params.indicatorId,
          ...(params.areaId ? { areaId: params.areaId } : {}),
          ...(params.departmentCode ? { departmentCode: params.departmentCode as never } : {}),
          ...(params.by && params.key ? { cell: { by: params.by, key: params.key } } : {}),
        }),
      )
    } catch (e) {
      setError(toApiError(e))
    }
  }

  useLoad(() => {
    void loadCatalog()
    void load()
  })

  if (!params) {
    return (
      <PageRoot>
        <ErrorState title='链接不完整' message='缺少指标，请从统计台账进入' />
      </PageRoot>
    )
  }
  if (error) {
    return (
      <PageRoot>
        <ErrorState message={error.message} onRetry={() => void load()} />
      </PageRoot>
    )
  }
  if (!view) {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }

  const unit = view.indicator.unit
  const total = view.activities.reduce((s, a) => s + a.facts, 0)
  const scope = [
    params.by ? `${BREAKDOWN_TITLES[params.by].replace('按', '')}：${params.label || params.key}` : '',
    params.departmentCode ? `单位：${nameOf(DEPARTMENTS, params.departmentCode)}` : '',
    params.areaId ? `镇街：${areaName(areas, params.areaId) || params.areaId}` : '',
  ].filter(Boolean)

  return (
    <PageRoot className='drill'>
      <View className='k-section'>
        <View className='k-section__title'>{view.indicator.name}</View>
        <View className='drill__scope'>{scope.length ? scope.join(' · ') : '全部（未限定分项）'}</View>
        <View className='drill__total'>
          共 {view.activities.length} 场活动 · 合计 {formatNumber(total)} {unit === '场' ? '场' : unit}
        </View>
      </View>

      <View className='k-section'>
        <View className='k-section__title'>计入的活动</View>
        {view.activities.length === 0 ? (
          <EmptyState title='没有计入的活动' description='该范围内暂无符合统计口径的活动' />
        ) : (
          view.activities.map((a) => (
            <View key={a.id} className='drill__row' ariaRole='link' onClick={() => void Taro.navigateTo({ url: activityUrl(a.id) })}>
              <View className='drill__main'>
                <View className='drill__title'>{a.title}</View>
                <View className='drill__line'>
                  {formatDay(a.startAt)} · {nameOf(DEPARTMENTS, a.departmentCode)}
                  {a.areaName ? ` · ${a.areaName}` : ''}
                </View>
              </View>
              <View className='drill__count'>
                <Text className='drill__count-num'>{formatNumber(a.facts)}</Text>
                <Text className='drill__count-unit'>{unit}</Text>
              </View>
              <Text className='drill__chevron'>›</Text>
            </View>
          ))
        )}
      </View>

      {view.persons ? (
        <View className='k-section'>
          <View className='k-section__title'>计入的参与人（{view.persons.length}）</View>
          <View className='k-section__hint'>仅管理员可见；次数为该范围内计入的签到次数</View>
          {view.persons.length === 0 ? (
            <View className='k-section__hint'>暂无</View>
          ) : (
            view.persons.map((p) => (
              <View key={p.id} className='drill__row drill__row--person'>
                <View className='drill__main'>
                  <View className='drill__title'>{p.name}</View>
                  <View className='drill__line'>
                    {p.targetGroup ? <Tag>{nameOf(TARGET_GROUPS, p.targetGroup)}</Tag> : null}
                    {p.areaName ? <Text className='drill__area'>{p.areaName}</Text> : null}
                  </View>
                </View>
                <View className='drill__count'>
                  <Text className='drill__count-num'>{formatNumber(p.facts)}</Text>
                  <Text className='drill__count-unit'>次</Text>
                </View>
              </View>
            ))
          )}
        </View>
      ) : null}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
