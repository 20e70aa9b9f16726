import { View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { parseCode } from '../../domain/checkin/codes'
import type { ActivityView, PersonView, RegistrationView } from '../../domain/contracts'
import { Button } from '../../components/button'
import { CheckResult, outcomeFromFailure, outcomeFromScan, type CheckOutcome } from '../../components/check-result'
import { CheckRow } from '../../components/check-row'
import { EmptyState } from '../../components/empty-state'
import { ErrorState } from '../../components/error-state'
import { Loading } from '../../components/loading'
import { PageRoot } from '../../components/page-root'
import { api, type SelfCheckInResult } from '../../services/api'
import { toApiError, type ApiError } from '../../services/transport'
import { ensureSession, useSessionStore } from '../../stores/session'
import { formatRange } from '../../utils/format'
import './index.scss'

interface Loaded {
  readonly activity: ActivityView
  readonly persons: readonly PersonView[]
  readonly mine: readonly RegistrationView[]
}

/** The code from `?c=` (H5 link) or `scene` (weapp mini-program code), as given. */
function rawCode(params: Record<string, string | undefined>): string {
  const raw = params.c ?? params.scene ?? ''
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

function toOutcome(r: SelfCheckInResult, persons: readonly PersonView[]): CheckOutcome {
  const name = persons.find((p) => p.id === r.personId)?.name ?? ''
  if (r.ok && r.result) return outcomeFromScan(r.result)
  return outcomeFromFailure(r.code ?? 'SYSTEM.ERROR', r.message, name)
}

/** Attendees land here from the activity code: pick who is here, check them in, see each result. */
export default function CheckinPage() {
  const { params } = useRouter()
  const code = rawCode(params)
  const parsed = parseCode(code)
  const sessionStatus = useSessionStore((s) => s.status)
  const [data, setData] = useState<Loaded | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [selected, setSelected] = useState<readonly string[]>([])
  const [busy, setBusy] = useState(false)
  const [results, setResults] = useState<readonly CheckOutcome[] | null>(null)
  const sentToLogin = useRef(false)

  async function load() {
    if (!parsed || parsed.kind !== 'activity') return
    try {
      const user = await ensureSession()
      if (!user) {
        // Once: to the sign-in, which comes back here; after that the page offers the button.
        if (!sentToLogin.current) {
          sentToLogin.current = true
          void Taro.navigateTo({ url: '/pages/login/index' })
        }
        return
      }
      const [detail, persons] = await Promise.all([api.activities.get(parsed.activityId), api.persons.list()])
      setData({ activity: detail.activity, persons, mine: detail.mine })
      setSelected((prev) =>
        prev.length > 0 ? prev : persons.filter((p) => detail.mine.some((r) => r.personId === p.id && r.status === 'confirmed')).map((p) => p.id),
      )
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }

  useDidShow(() => void load())

  async function submit() {
    if (!data || selected.length === 0) return
    setBusy(true)
    try {
      const res = await api.checkin.self(code, [...selected])
      setResults(res.results.map((r) => toOutcome(r, data.persons)))
    } catch (e) {
      const err = toApiError(e)
      setResults([outcomeFromFailure(err.code, err.code === 'CHECKIN.EXPIRED' ? '请重新扫描现场的活动签到码' : err.message)])
    } finally {
      setBusy(false)
    }
  }

  if (!parsed || parsed.kind !== 'activity') {
    return (
      <PageRoot>
        <ErrorState title='无效二维码' message='这不是活动签到码。请扫描活动现场展示的签到码。' />
      </PageRoot>
    )
  }
  if (sessionStatus === 'anonymous') {
    return (
      <PageRoot>
        <EmptyState title='登录后签到' description='登录后可为本人和家人签到' actionLabel='去登录' onAction={() => void Taro.navigateTo({ url: '/pages/login/index' })} />
      </PageRoot>
    )
  }
  if (error && !data) {
    return (
      <PageRoot>
        <ErrorState message={error.message} onRetry={() => void load()} />
      </PageRoot>
    )
  }
  if (!data) {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }

  const a = data.activity
  const statusOf = (p: PersonView) => data.mine.find((r) => r.personId === p.id && r.status !== 'cancelled')

  return (
    <PageRoot className='selfcheck'>
      <View className='k-section'>
        <View className='selfcheck__title'>{a.title}</View>
        <View className='selfcheck__line'>{formatRange(a.startAt, a.endAt)}</View>
        <View className='selfcheck__line'>
          {a.place}
          {a.areaName ? ` · ${a.areaName}` : ''}
        </View>
      </View>

      {results ? (
        <View className='selfcheck__results'>
          {results.map((o, i) => (
            <View key={i} className='selfcheck__result'>
              <CheckResult outcome={o} />
            </View>
          ))}
          <View className='selfcheck__done'>
            <Button block size='large' variant='secondary' onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>
              完成
            </Button>
          </View>
        </View>
      ) : (
        <View className='k-section'>
          <View className='k-section__title'>谁来了？</View>
          {data.persons.length === 0 ? (
            <View>
              <View className='k-section__hint selfcheck__hint'>还没有参与人，请先添加本人或家人。</View>
              <Button block onClick={() => void Taro.navigateTo({ url: '/pages/person-edit/index' })}>
                添加参与人
              </Button>
            </View>
          ) : (
            <View>
              <View className='k-section__hint selfcheck__hint'>勾选今天到场的人，然后点「确认签到」。</View>
              {data.persons.map((p) => {
                const reg = statusOf(p)
                const hint = !reg ? '未报名此活动' : reg.status === 'waitlisted' ? '候补中，尚未获得名额' : '已报名'
                const on = selected.includes(p.id)
                return (
                  <CheckRow
                    key={p.id}
                    label={`${p.name}${p.isSelf ? '（本人）' : ''}`}
                    hint={hint}
                    checked={on}
                    onChange={(v) => setSelected(v ? [...selected, p.id] : selected.filter((x) => x !== p.id))}
                  />
                )
              })}
              <View className='selfcheck__submit'>
                <Button block size='large' loading={busy} disabled={selected.length === 0} onClick={() => void submit()}>
                  确认签到{selected.length > 0 ? `（${selected.length}人）` : ''}
                </Button>
              </View>
            </View>
          )}
        </View>
      )}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
