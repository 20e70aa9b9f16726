import { View } from '@tarojs/components'
import Taro, { useLoad, usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { RATING_MAX, RATING_WORDS } from '../../../../domain/feedback/rules'
import type { FeedbackSummaryView, TallyView } from '../../../../domain/feedback/schemas'
import { EmptyState } from '../../../../components/empty-state'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession } from '../../../../stores/session'
import { formatDateTime, formatDay } from '../../../../utils/format'
import '../../feedback.scss'

const SUMMARY_URL = '/packages/feedback/pages/summary/index'

type Query = { activityId?: string; departmentCode?: string; byProject?: boolean }

const averageText = (t: TallyView): string => (t.average === null ? '暂无' : `${t.average.toFixed(1)} 分`)

function Distribution({ tally }: { tally: TallyView }) {
  const max = Math.max(1, ...tally.distribution)
  return (
    <View className='fb-sum__bars'>
      {Array.from({ length: RATING_MAX }, (_, i) => RATING_MAX - i).map((stars) => {
        const n = tally.distribution[stars - 1]
        return (
          <View key={stars} className='fb-sum__bar-row' ariaLabel={`${stars}星 ${RATING_WORDS[stars - 1]} ${n}人`}>
            <View className='fb-sum__bar-label'>{stars}星</View>
            <View className='fb-sum__bar-track'>
              <View className='fb-sum__bar-fill' style={{ width: `${Math.round((n / max) * 100)}%` }} />
            </View>
            <View className='fb-sum__bar-count'>{n}</View>
          </View>
        )
      })}
    </View>
  )
}

/** What residents said about one activity, a unit's activities or the district's, for organizers and 区科协. */
export default function FeedbackSummaryPage() {
  const [query, setQuery] = useState<Query>({})
  const [view, setView] = useState<FeedbackSummaryView | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  async function load(q: Query) {
    setError(null)
    try {
      await ensureSession()
      setView(await api.feedback.summary(q))
    } catch (e) {
      setError(toApiError(e))
    }
  }

  useLoad((options: Record<string, string | undefined>) => {
    const q: Query = {
      ...(options?.activityId ? { activityId: decodeURIComponent(options.activityId) } : {}),
      ...(options?.departmentCode ? { departmentCode: decodeURIComponent(options.departmentCode) } : {}),
      ...(options?.byProject === '1' ? { byProject: true } : {}),
    }
    setQuery(q)
    void load(q)
  })
  usePullDownRefresh(() => void load(query).finally(() => Taro.stopPullDownRefresh()))

  if (error) {
    return (
      <PageRoot>
        <ErrorState message={error.message} onRetry={() => void load(query)} />
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

  const { total } = view
  return (
    <PageRoot className='fb-sum'>
      <View className='k-section'>
        <View className='fb__title'>{view.label}</View>
        {total.count === 0 ? (
          <EmptyState title='还没有评价' description='参加者签到后可以在「我的报名」里为活动打分，评价会显示在这里。' />
        ) : (
          <View>
            <View className='fb-sum__headline'>
              <View className='fb-sum__average'>{averageText(total)}</View>
              <View className='fb-sum__facts'>
                <View>{total.count} 人评价</View>
                <View>满意率 {total.satisfiedPercent}%</View>
              </View>
            </View>
            <View className='k-section__hint'>满意率：打4星或5星的人所占比例</View>
            <Distribution tally={total} />
          </View>
        )}
      </View>

      {view.projects.length > 0 ? (
        <View className='k-section'>
          <View className='k-section__title'>各重点工程的满意度</View>
          {view.projects.map((p) => (
            <View key={p.project} className='fb-sum__row'>
              <View className='fb-sum__row-title'>{p.name}</View>
              <View className='fb-sum__row-meta'>{p.count === 0 ? '暂无评价' : `${averageText(p)} · ${p.count} 人评价 · 满意率 ${p.satisfiedPercent}%`}</View>
            </View>
          ))}
        </View>
      ) : null}

      {view.activities.length > 0 ? (
        <View className='k-section'>
          <View className='k-section__title'>各场活动</View>
          {view.activities.map((a) => (
            <View
              key={a.activityId}
              className='fb-sum__row fb-sum__row--link'
              ariaRole='link'
              onClick={() => void Taro.navigateTo({ url: `${SUMMARY_URL}?activityId=${encodeURIComponent(a.activityId)}` })}
            >
              <View className='fb-sum__row-title'>{a.title}</View>
              <View className='fb-sum__row-meta'>
                {formatDay(a.startAt)} · {averageText(a)} · {a.count} 人评价 ›
              </View>
            </View>
          ))}
        </View>
      ) : null}

      {total.count > 0 ? (
        <View className='k-section'>
          <View className='k-section__title'>意见和建议（{view.comments.length}）</View>
          {view.comments.length === 0 ? <View className='k-section__hint'>评价中还没有文字意见</View> : null}
          {view.comments.map((c, i) => (
            <View key={`${c.at}-${i}`} className='fb-sum__comment'>
              <View className='fb-sum__comment-head'>
                <View className='fb-sum__comment-stars' ariaLabel={`${c.rating}星`}>
                  {'★'.repeat(c.rating)}
                  <View className='fb-sum__comment-stars-off'>{'★'.repeat(RATING_MAX - c.rating)}</View>
                </View>
                <View className='fb-sum__comment-at'>{formatDateTime(c.at)}</View>
              </View>
              <View className='fb-sum__comment-text'>{c.comment}</View>
              {query.activityId ? null : <View className='fb-sum__comment-activity'>{c.activityTitle}</View>}
            </View>
          ))}
        </View>
      ) : null}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
