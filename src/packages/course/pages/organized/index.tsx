import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { CourseView } from '../../../../domain/courses/views'
import { Button } from '../../../../components/button'
import { EmptyState } from '../../../../components/empty-state'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession } from '../../../../stores/session'
import { formatDay } from '../../../../utils/format'
import { COURSE_URLS } from '../../course-helpers'
import '../../course.scss'

/** Organizers: their unit's courses, and 新建课程. */
export default function OrganizedCoursesPage() {
  const [items, setItems] = useState<readonly CourseView[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const load = useCallback(async () => {
    try {
      if (!(await ensureSession())) return
      setItems(await api.courses.organized())
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [])
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  let body
  if (error && !items) body = <ErrorState message={error.message} onRetry={() => void load()} />
  else if (!items) body = <Loading />
  else if (items.length === 0) body = <EmptyState title='本单位还没有系列课程' description='新建课程后，居民可一次报名全部课时。' />
  else
    body = items.map((c) => {
      const regular = c.lessons.filter((l) => !l.makeUp)
      return (
        <View key={c.id} className='k-section' onClick={() => void Taro.navigateTo({ url: COURSE_URLS.manage(c.id) })}>
          <View className='c-title'>{c.title}</View>
          <View className='k-section__hint'>
            共{c.lessonsTotal}节 · {c.ruleLabel}
            {regular[0] ? ` · ${formatDay(regular[0].activity.startAt)} 开课` : ''}
          </View>
          <View className='k-section__hint'>{c.departmentName}</View>
        </View>
      )
    })
  return (
    <PageRoot className='organized'>
      <View className='k-section'>
        <Button block size='large' onClick={() => void Taro.navigateTo({ url: COURSE_URLS.edit })}>
          + 新建系列课程
        </Button>
      </View>
      {body}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
