import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { MyCourseView } from '../../../../domain/courses/views'
import { Button } from '../../../../components/button'
import { EmptyState } from '../../../../components/empty-state'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession, useSessionStore } from '../../../../stores/session'
import { formatDateTime } from '../../../../utils/format'
import { Progress } from '../../components/progress'
import { COURSE_URLS } from '../../course-helpers'
import '../../course.scss'

export default function MyCoursesPage() {
  const status = useSessionStore((s) => s.status)
  const [items, setItems] = useState<readonly MyCourseView[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  const load = useCallback(async () => {
    try {
      if (!(await ensureSession())) return
      setItems(await api.courses.mine())
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [])
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  if (status === 'anonymous') {
    return (
      <PageRoot>
        <EmptyState title='登录后查看我的课程' actionLabel='去登录' onAction={() => void Taro.navigateTo({ url: '/pages/login/index' })} />
      </PageRoot>
    )
  }
  let body
  if (error && !items) body = <ErrorState message={error.message} onRetry={() => void load()} />
  else if (!items) body = <Loading />
  else if (items.length === 0) body = <EmptyState title='还没有报名系列课程' description='智慧助老手机课堂等系列课程可一次报名全部课时，出席达到要求即可结业。' />
  else
    body = items.map((m) => (
      <View key={`${m.course.id}-${m.progress.personId}`} className='k-section' data-course={m.course.title}>
        <View className='k-section__hint'>
          参与人：{m.progress.personName}
          {m.progress.isSelf ? '（本人）' : '（家人）'}
        </View>
        <View className='c-title'>{m.course.title}</View>
        <Progress attended={m.progress.attended} total={m.progress.total} required={m.progress.required} completed={m.progress.completed} />
        {m.nextLesson && !m.progress.completed ? (
          <View className='k-section__hint'>
            下一课：第{m.nextLesson.lesson}课 {m.nextLesson.title} · {formatDateTime(m.nextLesson.startAt)}
          </View>
        ) : null}
        <View className='c-actions'>
          <Button size='small' variant='secondary' onClick={() => void Taro.navigateTo({ url: COURSE_URLS.detail(m.course.id) })}>
            课程详情
          </Button>
          {m.progress.completed ? (
            <Button size='small' onClick={() => void Taro.navigateTo({ url: COURSE_URLS.certificate(m.course.id, m.progress.personId) })}>
              结业证书
            </Button>
          ) : null}
        </View>
      </View>
    ))
  return (
    <PageRoot className='my-courses'>
      {body}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
