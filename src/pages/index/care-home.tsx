// 关怀模式 home: the person's next lesson (or next activity) as one big card with a big button to the
// ticket, then 我的课程 with progress in words. The full activity list follows behind 查看全部活动.

import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { MyRegistrationView } from '../../domain/contracts'
import type { MyCourseView } from '../../domain/courses/views'
import { Button } from '../../components/button'
import { Loading } from '../../components/loading'
import { api } from '../../services/api'
import { DEMO_SIGN_IN_AVAILABLE } from '../../services/demo'
import { ensureSession, useSessionStore } from '../../stores/session'
import { formatRange } from '../../utils/format'

/** Pages of the course subpackage this card links to (kept in step with packages/course COURSE_URLS). */
const MY_COURSES_URL = '/packages/course/pages/mine/index'
const courseDetailUrl = (id: string) => `/packages/course/pages/detail/index?id=${encodeURIComponent(id)}`
const TICKETS_URL = '/pages/tickets/index'
const activityUrl = (id: string) => `/pages/activity/index?id=${encodeURIComponent(id)}`

interface CareData {
  /** Confirmed, not yet ended registrations of every managed person, soonest first. */
  readonly upcoming: readonly MyRegistrationView[]
  readonly courses: readonly MyCourseView[]
}

/**
 * My courses, for the care home. The hook where 我的课程 comes in: courses.mine (the courses function);
 * an older server without it gives an empty list, and the card falls back to registrations alone.
 */
async function loadMyCourses(): Promise<readonly MyCourseView[]> {
  try {
    return await api.courses.mine()
  } catch {
    return []
  }
}

async function loadCareData(): Promise<CareData> {
  const [regs, courses] = await Promise.all([api.registrations.listMine(), loadMyCourses()])
  const upcoming = regs
    .filter((r) => r.status === 'confirmed' && !r.activity.ended)
    .sort((a, b) => a.activity.startAt.localeCompare(b.activity.startAt))
  return { upcoming, courses }
}

function NextCard({ next, course }: { next: MyRegistrationView; course: MyCourseView | undefined }) {
  const a = next.activity
  return (
    <View className='care-next' data-activity={a.id}>
      <View className='care-next__kicker'>{course ? '下一课' : '下一场活动'}</View>
      {course ? <View className='care-next__course'>{course.course.title}</View> : null}
      <View className='care-next__title'>{a.title}</View>
      <View className='care-next__row'>
        <View className='care-next__label'>时间</View>
        <View className='care-next__value'>{formatRange(a.startAt, a.endAt)}</View>
      </View>
      <View className='care-next__row'>
        <View className='care-next__label'>地点</View>
        <View className='care-next__value'>
          {a.place}
          {a.areaName ? ` · ${a.areaName}` : ''}
        </View>
      </View>
      <View className='care-next__row'>
        <View className='care-next__label'>参加人</View>
        <View className='care-next__value'>{next.personName}</View>
      </View>
      <View className='care-next__actions'>
        <Button block size='large' onClick={() => void Taro.navigateTo({ url: TICKETS_URL })}>
          出示签到票（我的票）
        </Button>
        <View className='care-link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: activityUrl(a.id) })}>
          查看活动详情 ›
        </View>
      </View>
    </View>
  )
}

function CourseRow({ item }: { item: MyCourseView }) {
  const p = item.progress
  return (
    <View className='care-course' ariaRole='link' onClick={() => void Taro.navigateTo({ url: courseDetailUrl(item.course.id) })}>
      <View className='care-course__title'>{item.course.title}</View>
      <View className='care-course__line'>
        {p.personName} · {p.label}
        {p.completed ? ' · 已结业 ✓' : ''}
      </View>
      {item.nextLesson && !p.completed ? (
        <View className='care-course__line'>
          下一课：第{item.nextLesson.lesson}课 {formatRange(item.nextLesson.startAt, item.nextLesson.endAt)}
        </View>
      ) : null}
    </View>
  )
}

export function CareHome() {
  const user = useSessionStore((s) => s.user)
  const sessionStatus = useSessionStore((s) => s.status)
  const [data, setData] = useState<CareData | null>(null)
  const [failed, setFailed] = useState(false)

  const load = useCallback(async () => {
    try {
      const u = await ensureSession()
      if (!u) return setData(null)
      setData(await loadCareData())
      setFailed(false)
    } catch {
      setFailed(true)
    }
  }, [])

  useDidShow(() => void load())

  if (!user) {
    if (sessionStatus === 'loading' || sessionStatus === 'unknown') return <Loading variant='inline' />
    return (
      <View className='k-section care-home__section'>
        <View className='k-section__title'>我的课程</View>
        <View className='k-section__hint'>登录后，这里会显示您和家人的下一课和签到票</View>
        {DEMO_SIGN_IN_AVAILABLE ? (
          <View className='care-home__login'>
            <Button block size='large' onClick={() => void Taro.navigateTo({ url: '/pages/login/index' })}>
              登录
            </Button>
          </View>
        ) : null}
      </View>
    )
  }

  if (!data) {
    return failed ? (
      <View className='k-section care-home__section'>
        <View className='k-section__hint'>我的课程暂时无法加载</View>
        <Button block variant='secondary' onClick={() => void load()}>
          重试
        </Button>
      </View>
    ) : (
      <Loading variant='inline' />
    )
  }

  const next = data.upcoming[0]
  const nextCourse = next?.activity.courseId ? data.courses.find((c) => c.course.id === next.activity.courseId) : undefined
  const more = data.upcoming.length - 1

  return (
    <View className='care-home'>
      {next ? (
        <NextCard next={next} course={nextCourse} />
      ) : (
        <View className='k-section care-home__section'>
          <View className='k-section__title'>下一课</View>
          <View className='k-section__hint'>近期没有已报名的课程或活动。可以在下方查看全部活动并报名。</View>
        </View>
      )}
      {more > 0 ? (
        <View className='care-link care-home__more' ariaRole='link' onClick={() => void Taro.switchTab({ url: '/pages/registrations/index' })}>
          还有 {more} 场已报名的活动，查看我的报名 ›
        </View>
      ) : null}

      {data.courses.length > 0 ? (
        <View className='k-section care-home__section'>
          <View className='k-section__title'>我的课程</View>
          {data.courses.map((c) => (
            <CourseRow key={`${c.course.id}|${c.progress.personId}`} item={c} />
          ))}
          <View className='care-link' ariaRole='link' onClick={() => void Taro.navigateTo({ url: MY_COURSES_URL })}>
            全部课程和结业证书 ›
          </View>
        </View>
      ) : null}
    </View>
  )
}
