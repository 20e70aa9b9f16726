import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { TARGET_GROUPS, nameOf } from '../../../domain/catalog'
import type { RosterEntry } from '../../../domain/contracts'
import { Button } from '../../../components/button'
import { Tag } from '../../../components/tag'
import { checkCorrectionReason } from '../../../domain/ledger/corrections'
import { formatClock } from '../../../utils/format'
import { REASON_MAX_CHARS, ROSTER_PAGE_ROWS, canTick, reasonProblem, rosterStatus, searchRoster } from '../console-helpers'

export interface RosterPanelProps {
  readonly roster: readonly RosterEntry[]
  readonly busy: boolean
  readonly onTick: (entry: RosterEntry, reason: string) => Promise<boolean>
  /** Attendance is closed: no ticks; admins correct instead (`canCorrect`). */
  readonly closed?: boolean
  readonly canCorrect?: boolean
  readonly onCorrect?: (entry: RosterEntry, attended: boolean, reason: string) => Promise<boolean>
}

/** One reason, asked for inline under a roster row before a tick or a correction is sent. */
function ReasonForm(props: {
  label: string
  placeholder: string
  /** The field's accessible name (not `ariaLabel`: Taro's compiler rewrites that prop name on every element). */
  fieldName: string
  confirmLabel: string
  danger?: boolean
  busy: boolean
  /** The problem with the reason as typed, or '' when it will do. */
  problemOf: (reason: string) => string
  onSubmit: (reason: string) => Promise<boolean>
  onDone: () => void
}) {
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState('')
  const submit = async () => {
    const p = props.problemOf(reason)
    if (p) return setProblem(p)
    if (await props.onSubmit(reason.trim())) props.onDone()
  }
  return (
    <View className='roster__tick'>
      <View className='roster__tick-label'>{props.label}</View>
      <Input
        className='k-field'
        value={reason}
        maxlength={REASON_MAX_CHARS}
        placeholder={props.placeholder}
        focus
        ariaLabel={props.fieldName}
        onInput={(e) => {
          setReason(e.detail.value)
          setProblem('')
        }}
        onConfirm={() => void submit()}
      />
      {problem ? <View className='k-inline-error'>{problem}</View> : null}
      <View className='roster__tick-actions'>
        <Button size='small' variant='secondary' onClick={props.onDone}>
          取消
        </Button>
        <Button size='small' variant={props.danger ? 'danger' : 'primary'} loading={props.busy} onClick={() => void submit()}>
          {props.confirmLabel}
        </Button>
      </View>
    </View>
  )
}

const correctionProblem = (reason: string): string => {
  const checked = checkCorrectionReason(reason)
  return checked.ok ? '' : checked.error.message
}

/** The roster, searchable by name, last 4 phone digits or code; each row can be ticked by hand with a reason. */
export function RosterPanel({ roster, busy, onTick, closed = false, canCorrect = false, onCorrect }: RosterPanelProps) {
  const [query, setQuery] = useState('')
  const [ticking, setTicking] = useState<string | null>(null)
  const [correcting, setCorrecting] = useState<string | null>(null)
  const matches = searchRoster(roster, query)
  const shown = matches.slice(0, ROSTER_PAGE_ROWS)

  return (
    <View className='roster'>
      <Input
        className='k-field'
        type='text'
        value={query}
        maxlength={400}
        placeholder='搜索姓名、手机尾号4位或签到码'
        ariaLabel='搜索名单'
        onInput={(e) => setQuery(e.detail.value)}
      />
      {closed ? (
        <View className='roster__closed' ariaRole='status'>
          出勤已确认，签到已关闭。{canCorrect ? '如有差错，可在下方更正出勤，须填写原因并记入修改记录。' : '如有差错，请联系区科协管理员更正。'}
        </View>
      ) : null}
      <View className='k-section__hint roster__total'>
        {query.trim() ? `找到 ${matches.length} 人` : `共 ${roster.length} 人，未签到的排在前面`}
      </View>
      {shown.length === 0 ? <View className='roster__empty'>没有找到，请换个关键词</View> : null}
      {shown.map((e) => {
        const st = rosterStatus(e, formatClock)
        return (
          <View key={e.registrationId} className='roster__row' data-registration={e.registrationId}>
            <View className='roster__main'>
              <View className='roster__name'>
                <Text>{e.name}</Text>
                {e.walkIn ? <Tag className='roster__tag'>现场报名</Tag> : null}
              </View>
              <View className='roster__meta'>
                {nameOf(TARGET_GROUPS, e.targetGroup)}
                {e.areaName ? ` · ${e.areaName}` : ''}
                {e.phone ? ` · ${e.phone}` : e.phoneLast4 ? ` · 尾号${e.phoneLast4}` : ''}
              </View>
              {e.checkedInBy && e.checkedInAt ? <View className='roster__meta'>经办人：{e.checkedInBy}</View> : null}
            </View>
            <View className='roster__side'>
              <Tag tone={st.tone}>{st.label}</Tag>
              {!closed && canTick(e) && ticking !== e.registrationId ? (
                <Button size='small' variant='secondary' className='roster__tick-btn' onClick={() => setTicking(e.registrationId)}>
                  手动签到
                </Button>
              ) : null}
              {closed && canCorrect && onCorrect && e.status === 'confirmed' && correcting !== e.registrationId ? (
                <Button size='small' variant='secondary' className='roster__tick-btn' onClick={() => setCorrecting(e.registrationId)}>
                  更正出勤
                </Button>
              ) : null}
            </View>
            {ticking === e.registrationId ? (
              <ReasonForm
                label={`手动签到原因（必填，${REASON_MAX_CHARS}字以内）`}
                placeholder='例如：手机没电，核对身份证'
                fieldName='手动签到原因'
                confirmLabel='确认签到'
                busy={busy}
                problemOf={reasonProblem}
                onSubmit={(reason) => onTick(e, reason)}
                onDone={() => setTicking(null)}
              />
            ) : null}
            {correcting === e.registrationId && onCorrect ? (
              <ReasonForm
                label={`${e.checkedInAt ? '撤销这次出勤' : '补记出勤（签到时间记为活动开始时间）'}，更正原因（必填，记入修改记录）`}
                placeholder={e.checkedInAt ? '例如：误签了同名的人' : '例如：纸质签到表上有本人签名'}
                fieldName='更正原因'
                confirmLabel={e.checkedInAt ? '确认撤销' : '确认补记'}
                danger={!!e.checkedInAt}
                busy={busy}
                problemOf={correctionProblem}
                onSubmit={(reason) => onCorrect(e, !e.checkedInAt, reason)}
                onDone={() => setCorrecting(null)}
              />
            ) : null}
          </View>
        )
      })}
      {matches.length > shown.length ? <View className='k-section__hint'>还有 {matches.length - shown.length} 人未显示，请输入姓名或尾号搜索</View> : null}
    </View>
  )
}
