import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { TARGET_GROUPS, nameOf } from '../../../../domain/catalog'
import type { CourseRosterView } from '../../../../domain/courses/views'
import { Button } from '../../../../components/button'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { Tag } from '../../../../components/tag'
import { api } from '../../../../services/api'
import { errorMessage, toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession } from '../../../../stores/session'
import { formatRange } from '../../../../utils/format'
import { ChoiceField, DateTimeField } from '../../../../components/fields'
import { COURSE_URLS, wallClockToInstant } from '../../course-helpers'
import '../../course.scss'

const consoleUrl = (id: string) => `/packages/console/pages/activity/index?id=${encodeURIComponent(id)}`

/** An organizer's course: lessons with their 签到台, everyone's progress, and make-up lessons. */
export default function CourseManagePage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [data, setData] = useState<CourseRosterView | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [lesson, setLesson] = useState('1')
  const [start, setStart] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState('')

  const load = useCallback(async () => {
    try {
      if (!(await ensureSession())) return
      setData(await api.courses.manage(id))
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [id])
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  async function addMakeUp() {
    const startAt = wallClockToInstant(start)
    if (!startAt) return setProblem('请选择补课时间')
    setBusy(true)
    setProblem('')
    try {
      await api.courses.addMakeUp({ courseId: id, lesson: Number(lesson), startAt, endAt: new Date(Date.parse(startAt) + 90 * 60_000).toISOString() })
      void Taro.showToast({ title: '补课已安排', icon: 'success', duration: 1500 })
      setStart('')
      void load()
    } catch (e) {
      setProblem(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  if (!data) return <PageRoot>{error ? <ErrorState message={error.message} onRetry={() => void load()} /> : <Loading />}</PageRoot>
  const c = data.course
  const regular = c.lessons.filter((l) => !l.makeUp)
  return (
    <PageRoot className='course-manage'>
      <View className='k-section'>
        <View className='c-title'>{c.title}</View>
        <View className='k-section__hint'>
          {c.ruleLabel} · 报名 {data.persons.length} 人 · 已结业 {data.completions} 人
        </View>
        <View className='c-actions'>
          <Button size='small' variant='secondary' onClick={() => void Taro.navigateTo({ url: COURSE_URLS.detail(c.id) })}>
            居民看到的课程页
          </Button>
        </View>
      </View>

      <View className='k-section'>
        <View className='k-section__title'>课时与签到</View>
        {c.lessons.map((l) => (
          <View key={l.activity.id} className='c-lesson'>
            <View className='c-lesson__no'>{l.makeUp ? `补第${l.lesson}课` : `第${l.lesson}课`}</View>
            <View className='c-lesson__body'>
              <View className='c-lesson__title'>{l.title}</View>
              <View className='c-lesson__meta'>{formatRange(l.activity.startAt, l.activity.endAt)}</View>
              <View className='c-link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: consoleUrl(l.activity.id) })}>
                进入签到台 ›
              </View>
            </View>
          </View>
        ))}
      </View>

      <View className='k-section'>
        <View className='k-section__title'>学员进度</View>
        {data.persons.length === 0 ? <View className='k-section__hint'>还没有人报名</View> : null}
        {data.persons.map((p) => (
          <View key={p.personId} className='c-person' data-person={p.name}>
            <View className='c-person__head'>
              <View className='c-person__name'>{p.name}</View>
              {p.completed ? <Tag tone='success'>已结业 ✓</Tag> : <Tag>未结业</Tag>}
            </View>
            <View className='k-section__hint'>
              {nameOf(TARGET_GROUPS, p.targetGroup)} · 已上 {p.attended}/{c.lessonsTotal} 课
              {p.lessonsAttended.length ? `（第${p.lessonsAttended.join('、')}课）` : ''}
            </View>
          </View>
        ))}
      </View>

      <View className='k-section'>
        <View className='k-section__title'>安排补课</View>
        <View className='k-section__hint'>参加补课即算作该节课出席；同一节课只计一次。</View>
        <View className='c-label'>补哪一节课</View>
        <ChoiceField label='补哪一节课' value={lesson} options={regular.map((l) => ({ value: String(l.lesson), label: `第${l.lesson}课：${l.title}` }))} onChange={setLesson} />
        <View className='c-label'>补课开始时间（时长90分钟）</View>
        <DateTimeField label='补课开始时间' value={start} onChange={setStart} />
        {problem ? <View className='k-inline-error'>{problem}</View> : null}
        <View className='c-actions'>
          <Button loading={busy} onClick={() => void addMakeUp()}>
            添加补课
          </Button>
        </View>
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
