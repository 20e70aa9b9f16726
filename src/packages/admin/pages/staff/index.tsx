import { Image, Text, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { useState } from 'react'
import { DEPARTMENTS, nameOf } from '../../../../domain/catalog'
import { ERROR_MESSAGES } from '../../../../domain/errors'
import { STAFF_INVITE_TTL_DAYS } from '../../../../domain/staff/rules'
import type { StaffEventView, StaffInviteCreatedView, StaffListView, StaffMemberView } from '../../../../domain/staff/schemas'
import { Button } from '../../../../components/button'
import { Chip } from '../../../../components/chip'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { QrCode } from '../../../../components/qr-code'
import { Tag } from '../../../../components/tag'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession, useSessionStore } from '../../../../stores/session'
import { formatDateTime } from '../../../../utils/format'
import { confirm } from '../../../../utils/ui'
import { toastError } from '../../../../services/toast'
import { staffJoinUrl } from '../../staff-link'
import './index.scss'
import { pngDataUri } from '../../../../services/base64'

/** '' is every unit: the overview; an invite needs one unit. */
type UnitChoice = '' | (typeof DEPARTMENTS)[number]['code']


/** The code in two groups of four, easier to read out: K7M3 QX2P. */
const spaced = (code: string): string => `${code.slice(0, 4)} ${code.slice(4)}`

function eventText(e: StaffEventView): string {
  return e.kind === 'grant' ? `${e.byName} 授权「${e.userName}」为${e.departmentName}组织者` : `${e.byName} 撤销了「${e.userName}」的${e.departmentName}组织者权限`
}

function NewInvite({ invite }: { invite: StaffInviteCreatedView }) {
  const link = staffJoinUrl(invite.page, invite.code)
  return (
    <View className='staff__invite' ariaRole='status'>
      <View className='staff__invite-unit'>{invite.departmentName} 组织者邀请码</View>
      <View className='staff__code' data-code={invite.code} ariaLabel={`邀请码 ${invite.code.split('').join(' ')}`}>
        {spaced(invite.code)}
      </View>
      <View className='staff__invite-line'>有效期至 {formatDateTime(invite.expiresAt)}，仅可使用一次</View>
      <View className='k-section__hint staff__invite-hint'>
        请把邀请码当面或通过可靠渠道交给对方。对方用本人微信登录后，在「我的 → 输入组织者邀请码」中输入，即成为本单位组织者。
      </View>
      {invite.image ? (
        <View className='staff__qr'>
          <Image className='staff__qr-image' src={pngDataUri(invite.image)} mode='aspectFit' ariaLabel='组织者邀请小程序码' />
          <View className='k-section__hint'>也可让对方用微信扫描此小程序码</View>
        </View>
      ) : link ? (
        <View className='staff__qr'>
          <QrCode value={link} codeText={invite.code} size='medium' label='组织者邀请链接二维码' />
          <View className='k-section__hint'>也可让对方扫码打开：</View>
          <View className='staff__link'>{link}</View>
        </View>
      ) : null}
    </View>
  )
}

function MemberRow({ member, showUnit, busy, onRevoke }: { member: StaffMemberView; showUnit: boolean; busy: boolean; onRevoke: () => void }) {
  return (
    <View className='staff__row'>
      <View className='staff__row-main'>
        <View className='staff__name'>
          <Text>{member.displayName}</Text>
          {showUnit ? <Tag className='staff__tag'>{member.departmentName}</Tag> : null}
        </View>
        <View className='staff__meta'>
          {member.grantedAt ? `${formatDateTime(member.grantedAt)} 由${member.grantedByName ?? ''}授权` : '初始设置的组织者（无授权记录）'}
        </View>
      </View>
      <Button size='small' variant='danger' loading={busy} onClick={onRevoke}>
        撤销
      </Button>
    </View>
  )
}

export default function StaffPage() {
  const role = useSessionStore((s) => s.user?.role)
  const sessionStatus = useSessionStore((s) => s.status)
  const [unit, setUnit] = useState<UnitChoice>('')
  const [view, setView] = useState<StaffListView | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [made, setMade] = useState<StaffInviteCreatedView | null>(null)
  const [inviting, setInviting] = useState(false)
  const [revoking, setRevoking] = useState<string | null>(null)
  /** The 16 units take a screen: once one is chosen they fold into one line until 更换单位. */
  const [choosing, setChoosing] = useState(true)

  async function load(choice: UnitChoice = unit) {
    setError(null)
    try {
      const user = await ensureSession()
      if (user?.role !== 'admin') return
      setView(await api.staff.list(choice || undefined))
    } catch (e) {
      setError(toApiError(e))
    }
  }

  useLoad(() => void load(''))

  function choose(next: UnitChoice) {
    setChoosing(next === '')
    if (next === unit) return
    setUnit(next)
    setMade(null)
    setView(null)
    void load(next)
  }

  async function invite() {
    if (!unit) return
    setInviting(true)
    try {
      setMade(await api.staff.invite(unit))
      void load(unit)
    } catch (e) {
      toastError(e)
    } finally {
      setInviting(false)
    }
  }

  async function revoke(m: StaffMemberView) {
    const ok = await confirm('撤销组织者', `确定撤销「${m.displayName}」的${m.departmentName}组织者权限吗？撤销后立即生效：其签到台和其邀请的扫码志愿者都将无法使用。`, '撤销')
    if (!ok) return
    setRevoking(m.userId)
    try {
      await api.staff.revoke(m.userId)
      void Taro.showToast({ title: '已撤销', icon: 'success', duration: 1500 })
      await load(unit)
    } catch (e) {
      toastError(e)
    } finally {
      setRevoking(null)
    }
  }

  if (sessionStatus === 'signedIn' && role !== 'admin') {
    return (
      <PageRoot>
        <ErrorState title='无法访问' message={ERROR_MESSAGES['AUTH.FORBIDDEN']} />
      </PageRoot>
    )
  }
  if (sessionStatus === 'anonymous') {
    return (
      <PageRoot>
        <ErrorState title='无法访问' message={ERROR_MESSAGES['AUTH.REQUIRED']} />
      </PageRoot>
    )
  }

  const unitName = unit ? nameOf(DEPARTMENTS, unit) : '全部单位'
  let body
  if (error && !view) body = <ErrorState message={error.message} onRetry={() => void load(unit)} />
  else if (!view) body = <Loading />
  else
    body = (
      <View>
        <View className='k-section'>
          <View className='k-section__title'>
            {unit ? '本单位组织者' : '组织者'}（{view.staff.length}）
          </View>
          {view.staff.length === 0 ? <View className='k-section__hint'>{unit ? '本单位还没有组织者，可在上方生成邀请码。' : '还没有组织者。'}</View> : null}
          {view.staff.map((m) => (
            <MemberRow key={m.userId} member={m} showUnit={!unit} busy={revoking === m.userId} onRevoke={() => void revoke(m)} />
          ))}
        </View>

        <View className='k-section'>
          <View className='k-section__title'>未使用的邀请码（{view.invites.length}）</View>
          {view.invites.length === 0 ? <View className='k-section__hint'>没有未使用的邀请码。</View> : null}
          {view.invites.map((i) => (
            <View key={`${i.createdAt}-${i.expiresAt}-${i.departmentCode}`} className='staff__row staff__row--plain'>
              <View className='staff__row-main'>
                <View className='staff__name'>
                  <Text>{i.departmentName}</Text>
                </View>
                <View className='staff__meta'>
                  {i.createdByName} 于 {formatDateTime(i.createdAt)} 生成，{formatDateTime(i.expiresAt)} 前有效
                </View>
              </View>
            </View>
          ))}
          {view.invites.length > 0 ? <View className='k-section__hint staff__invite-hint'>邀请码只在生成时显示一次；遗失的请重新生成，旧码到期自动失效。</View> : null}
        </View>

        <View className='k-section'>
          <View className='k-section__title'>授权记录</View>
          {view.events.length === 0 ? <View className='k-section__hint'>还没有授权或撤销记录。</View> : null}
          {view.events.map((e) => (
            <View key={e.id} className='staff__event'>
              <View className='staff__event-head'>
                <Tag tone={e.kind === 'grant' ? 'success' : 'danger'}>{e.kind === 'grant' ? '授权' : '撤销'}</Tag>
                <Text className='staff__event-at'>{formatDateTime(e.at)}</Text>
              </View>
              <View className='staff__event-text'>{eventText(e)}</View>
            </View>
          ))}
        </View>
      </View>
    )

  return (
    <PageRoot className='staff'>
      <View className='k-section'>
        <View className='k-section__title'>选择单位</View>
        {choosing ? (
          <View className='staff__units' ariaLabel='选择单位'>
            <Chip label='全部单位' selected={unit === ''} onClick={() => choose('')} />
            {DEPARTMENTS.map((d) => (
              <Chip key={d.code} label={d.name} selected={unit === d.code} onClick={() => choose(d.code)} />
            ))}
          </View>
        ) : (
          <View className='staff__chosen'>
            <View className='staff__chosen-name'>{unitName}</View>
            <Button size='small' variant='secondary' onClick={() => setChoosing(true)}>
              更换单位
            </Button>
          </View>
        )}
      </View>

      <View className='k-section'>
        <View className='k-section__title'>邀请组织者</View>
        {unit ? (
          <View>
            <View className='k-section__hint'>
              为「{unitName}」生成一次性邀请码，{STAFF_INVITE_TTL_DAYS}天内有效。对方使用后即成为该单位的组织者，可发布活动、使用签到台。
            </View>
            <View className='staff__action'>
              <Button block size='large' loading={inviting} onClick={() => void invite()}>
                生成邀请码
              </Button>
            </View>
            {made ? <NewInvite invite={made} /> : null}
          </View>
        ) : (
          <View className='k-section__hint'>请先在上方选择一个单位，再生成该单位的组织者邀请码。</View>
        )}
      </View>

      {body}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
