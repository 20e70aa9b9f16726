import { Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ConsoleView } from '../../../domain/contracts'
import { Button } from '../../../components/button'
import { api, type InviteResult } from '../../../services/api'
import { errorMessage } from '../../../services/transport'
import { formatClock, formatDateTime } from '../../../utils/format'
import { confirm, toastSuccess } from '../../../utils/ui'
import { toastError } from '../../../services/toast'
import { fromShanghaiParts, shanghaiParts } from '../../../domain/time'
import { groupConflicts, percent } from '../console-helpers'

/** Later scans listed per person in the duplicate report; the rest are counted. */
const CONFLICT_LINES_SHOWN = 3

/** A scanner's invite lasts from two hours before the start to two hours after the end, unless changed. */
const INVITE_MARGIN_MS = 2 * 3600_000

function WhenPicker({ label, value, onChange }: { label: string; value: { date: string; time: string }; onChange: (v: { date: string; time: string }) => void }) {
  return (
    <View className='when'>
      <View className='when__label'>{label}</View>
      <View className='when__pickers'>
        <Picker mode='date' value={value.date} onChange={(e) => onChange({ ...value, date: String(e.detail.value) })}>
          <View className='k-field when__field' ariaRole='button' ariaLabel={`${label}日期：${value.date}`}>
            {value.date} ▾
          </View>
        </Picker>
        <Picker mode='time' value={value.time} onChange={(e) => onChange({ ...value, time: String(e.detail.value) })}>
          <View className='k-field when__field when__field--time' ariaRole='button' ariaLabel={`${label}时间：${value.time}`}>
            {value.time} ▾
          </View>
        </Picker>
      </View>
    </View>
  )
}

function InviteForm({ view }: { view: ConsoleView }) {
  const a = view.activity
  const [from, setFrom] = useState(() => shanghaiParts(new Date(Math.min(Date.now(), Date.parse(a.startAt) - INVITE_MARGIN_MS)).toISOString()))
  const [to, setTo] = useState(() => shanghaiParts(new Date(Date.parse(a.endAt) + INVITE_MARGIN_MS).toISOString()))
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState('')
  const [invite, setInvite] = useState<InviteResult | null>(null)

  async function create() {
    const validFrom = fromShanghaiParts(from.date, from.time)
    const validTo = fromShanghaiParts(to.date, to.time)
    if (!validFrom || !validTo) return setProblem('请选择有效的时间')
    if (Date.parse(validTo) <= Date.parse(validFrom)) return setProblem('结束时间应晚于开始时间')
    setProblem('')
    setBusy(true)
    try {
      setInvite(await api.checkin.invite({ activityIds: [a.id], validFrom, validTo }))
    } catch (e) {
      setProblem(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='manage__block'>
      <View className='manage__title'>邀请扫码志愿者</View>
      <View className='k-section__hint'>志愿者凭一次性邀请码获得本活动的扫码权限，只能签到，不能修改活动或导出数据。</View>
      <WhenPicker label='有效期从' value={from} onChange={setFrom} />
      <WhenPicker label='有效期至' value={to} onChange={setTo} />
      {problem ? <View className='k-inline-error'>{problem}</View> : null}
      <View className='manage__action'>
        <Button block loading={busy} onClick={() => void create()}>
          生成邀请码
        </Button>
      </View>
      {invite ? (
        <View className='invite' ariaRole='status'>
          <View className='invite__label'>邀请码</View>
          <Text className='invite__code' data-invite={invite.id} userSelect>
            {invite.id}
          </Text>
          <View className='k-section__hint'>
            {formatDateTime(invite.validFrom)} 至 {formatDateTime(invite.validTo)} 有效，只能使用一次。请志愿者在「我的 › 输入志愿者邀请码」中填写。
          </View>
        </View>
      ) : null}
    </View>
  )
}

/** For organizers: invite scanners, print cards, confirm attendance after the end, and the duplicate report. */
export function ManagePanel({ view, onChanged }: { view: ConsoleView; onChanged: () => void }) {
  const a = view.activity
  const [finalizing, setFinalizing] = useState(false)
  const [rate, setRate] = useState<number | null>(null)
  const noShowRate = rate ?? view.noShowRate

  async function finalize() {
    const ok = await confirm('确认出勤', '确认后，未签到的报名将记为缺席，用于统计。确定现在确认吗？', '确认出勤')
    if (!ok) return
    setFinalizing(true)
    try {
      const res = await api.checkin.finalize(a.id)
      setRate(res.noShowRate)
      toastSuccess('已确认出勤')
      onChanged()
    } catch (e) {
      toastError(e)
    } finally {
      setFinalizing(false)
    }
  }

  return (
    <View className='manage'>
      <InviteForm view={view} />

      <View className='manage__block'>
        <View className='manage__title'>打印签到卡</View>
        <View className='k-section__hint'>为已报名的人打印A4签到卡（每页8张），适合不使用手机的老人。</View>
        <View className='manage__action'>
          <Button block variant='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/console/pages/cards/index?id=${encodeURIComponent(a.id)}` })}>
            打印签到卡
          </Button>
        </View>
      </View>

      <View className='manage__block'>
        <View className='manage__title'>确认出勤</View>
        {view.attendanceClosedAt || noShowRate !== null ? (
          <View className='manage__rate' data-no-show-rate={noShowRate ?? ''}>
            {view.attendanceClosedAt ? `已于 ${formatDateTime(view.attendanceClosedAt)} 确认出勤。` : '已确认出勤。'}
            缺席率 <Text className='manage__rate-value'>{percent(noShowRate ?? 0)}</Text>
          </View>
        ) : (
          <View className='k-section__hint'>活动结束后确认：已签到的记为出勤，其余记为缺席，并计算缺席率。确认后不再接受签到。</View>
        )}
        {/* Once confirmed, attendance is closed: changes are an admin's correction, not a second confirmation. */}
        {view.attendanceClosedAt ? null : (
          <View className='manage__action'>
            <Button block variant='secondary' disabled={!a.ended} loading={finalizing} onClick={() => void finalize()}>
              {a.ended ? '确认出勤' : '活动结束后可确认出勤'}
            </Button>
          </View>
        )}
      </View>

      {view.canCorrect ? (
        <View className='manage__block'>
          <View className='manage__title'>出勤更正</View>
          <View className='k-section__hint'>出勤已确认。补记或撤销出勤请在「名单」中逐人更正（须填写原因）；更正会记入台账的修改记录。</View>
          <View className='manage__action'>
            <Button block variant='secondary' onClick={() => void Taro.navigateTo({ url: `/packages/ledger/pages/changes/index?activityId=${encodeURIComponent(a.id)}` })}>
              查看本活动修改记录
            </Button>
          </View>
        </View>
      ) : null}

      <View className='manage__block'>
        <View className='manage__title'>重复签到报告</View>
        {view.conflicts.length === 0 ? (
          <View className='k-section__hint'>暂无重复签到。同一人在多台设备签到时，以最早的一次为准并列在这里。</View>
        ) : (
          groupConflicts(view.conflicts).map((g) => (
            <View key={`${g.name}|${g.keptAt}`} className='conflict'>
              <View className='conflict__name'>
                {g.name}：重复 {g.others.length} 次，以 {formatClock(g.keptAt)} 的签到为准
              </View>
              {g.others.slice(0, CONFLICT_LINES_SHOWN).map((o, i) => (
                <View key={i} className='conflict__line'>
                  {formatClock(o.at)} · 设备 {o.device}
                </View>
              ))}
              {g.others.length > CONFLICT_LINES_SHOWN ? <View className='conflict__line'>另有 {g.others.length - CONFLICT_LINES_SHOWN} 次</View> : null}
            </View>
          ))
        )}
      </View>
    </View>
  )
}
