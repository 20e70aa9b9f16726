import { View } from '@tarojs/components'
import Taro, { useLoad, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import type { ActivityView } from '../../domain/contracts'
import { ActivityCard } from '../../components/activity-card'
import { Button } from '../../components/button'
import { EmptyState } from '../../components/empty-state'
import { ErrorState } from '../../components/error-state'
import { FilterBar } from '../../components/filter-bar'
import { Loading } from '../../components/loading'
import { PageRoot } from '../../components/page-root'
import {
  clearFilter,
  hasActiveFilter,
  loadMoreActivities,
  reloadActivities,
  updateFilter,
  useActivitiesStore,
} from '../../stores/activities'
import { loadCatalog, useCatalogStore } from '../../stores/catalog'
import { useUiStore } from '../../stores/ui'
import { CareHome } from './care-home'
import './index.scss'

const openActivity = (a: ActivityView) => void Taro.navigateTo({ url: `/pages/activity/index?id=${encodeURIComponent(a.id)}` })

export default function IndexPage() {
  const filter = useActivitiesStore((s) => s.filter)
  const items = useActivitiesStore((s) => s.items)
  const total = useActivitiesStore((s) => s.total)
  const status = useActivitiesStore((s) => s.status)
  const error = useActivitiesStore((s) => s.error)
  const areas = useCatalogStore((s) => s.areas)
  const careMode = useUiStore((s) => s.careMode)
  // 关怀模式 shows the person's next lesson first; the full list waits behind 查看全部活动.
  const [showAll, setShowAll] = useState(false)
  const listShown = !careMode || showAll

  useLoad(() => {
    void loadCatalog()
    if (useActivitiesStore.getState().status === 'idle') void reloadActivities()
  })

  usePullDownRefresh(() => {
    void Promise.all([reloadActivities(), loadCatalog(true)]).finally(() => Taro.stopPullDownRefresh())
  })

  useReachBottom(() => {
    if (listShown && useActivitiesStore.getState().status !== 'error') void loadMoreActivities()
  })

  const active = hasActiveFilter(filter)
  const hasMore = items.length < total

  let body
  if (items.length === 0 && (status === 'loading' || status === 'idle')) {
    body = <Loading />
  } else if (items.length === 0 && status === 'error') {
    body = <ErrorState message={error?.message ?? ''} onRetry={() => void reloadActivities()} />
  } else if (items.length === 0) {
    body = (
      <EmptyState
        title='没有符合条件的活动'
        description={active ? '换个条件试试，或清除筛选查看全部活动' : '近期暂无活动，请稍后再来看看'}
        actionLabel={active ? '清除筛选' : undefined}
        onAction={active ? () => void clearFilter() : undefined}
      />
    )
  } else {
    body = (
      <View className='home__list'>
        <View className='home__count'>共 {total} 场活动</View>
        {items.map((a) => (
          <ActivityCard key={a.id} activity={a} onClick={openActivity} />
        ))}
        <View className='home__footer'>
          {status === 'error' ? (
            <View className='home__more-error'>
              <View className='k-inline-error'>{error?.message}</View>
              <Button variant='secondary' onClick={() => void loadMoreActivities()}>
                重试
              </Button>
            </View>
          ) : hasMore ? (
            <Button variant='secondary' block loading={status === 'loadingMore'} onClick={() => void loadMoreActivities()}>
              加载更多
            </Button>
          ) : (
            <View className='home__end'>没有更多活动了</View>
          )}
        </View>
      </View>
    )
  }

  if (careMode) {
    return (
      <PageRoot className='home home--care'>
        <CareHome />
        {showAll ? (
          <View className='home__all'>
            <View className='home__all-title'>全部活动</View>
            <FilterBar filter={filter} areas={areas} active={active} onChange={(patch) => void updateFilter(patch)} onClear={() => void clearFilter()} />
            {body}
          </View>
        ) : (
          <View className='home__show-all'>
            <Button block size='large' variant='secondary' onClick={() => setShowAll(true)}>
              {total > 0 ? `查看全部活动（共 ${total} 场）` : '查看全部活动'}
            </Button>
          </View>
        )}
      </PageRoot>
    )
  }

  return (
    <PageRoot className='home'>
      <FilterBar filter={filter} areas={areas} active={active} onChange={(patch) => void updateFilter(patch)} onClear={() => void clearFilter()} />
      {body}
    </PageRoot>
  )
}
