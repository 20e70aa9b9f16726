// 合并重复参与人 (admins): find the records of one name, choose the one to keep and the duplicate, and
// merge — the duplicate's registrations, check-ins and ledger facts move to the kept record, so the
// plan counts the person once (src/domain/persons/merge.ts).
import { Input, View } from '@tarojs/components'
import { useState } from 'react'
import type { PersonRecordView } from '../../../../domain/views'
import { Button } from '../../../../components/button'
import { Chip } from '../../../../components/chip'
import { EmptyState } from '../../../../components/empty-state'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { confirm, toastSuccess } from '../../../../utils/ui'
import './index.scss'

type Role = 'kept' | 'duplicate' | null

export default function LedgerMergePage() {
  const [name, setName] = useState('')
  const [persons, setPersons] = useState<PersonRecordView[] | null>(null)
  const [searching, setSearching] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [roles, setRoles] = useState<Record<string, Role>>({})
  const [merging, setMerging] = useState(false)
  const [result, setResult] = useState<string | null>(null)

  async function search() {
    const q = name.trim()
    if (!q) return setError({ code: 'INPUT.INVALID', message: '请输入要查找的姓名或手机号' } as ApiError)
    setSearching(true)
    setError(null)
    setResult(null)
    try {
      setPersons(await api.ledger.findPersons({ name: q }))
      setRoles({})
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setSearching(false)
    }
  }

  const kept = Object.keys(roles).find((id) => roles[id] === 'kept')
  const duplicate = Object.keys(roles).find((id) => roles[id] === 'duplicate')
  const choose = (id: string, role: Role) => {
    const next: Record<string, Role> = {}
    for (const [k, v] of Object.entries(roles)) if (v !== role && k !== id) next[k] = v
    next[id] = roles[id] === role ? null : role
    setRoles(next)
  }

  async function merge() {
    if (!kept || !duplicate || !persons) return
    const dup = persons.find((p) => p.id === duplicate)!
    const ok = await confirm('确认合并', `将“${dup.name}（${dup.ownerName || '无'}管理）”的${dup.registrations}条报名并入保留的记录，并删除这条重复记录。此操作不能撤销。`, '合并')
    if (!ok) return
    setMerging(true)
    setError(null)
    try {
      const r = await api.ledger.mergePersons({ personId: duplicate, intoPersonId: kept })
      toastSuccess('已合并')
      setResult(`已合并：转入 ${r.moved} 条报名，与已有报名合并 ${r.absorbed} 条。统计中此人只计一次。`)
      setPersons(await api.ledger.findPersons({ name: name.trim() }))
      setRoles({})
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setMerging(false)
    }
  }

  return (
    <PageRoot>
      <View className='k-section'>
        <View className='k-section__title'>按姓名或手机号查找</View>
        <View className='merge__search'>
          <Input
            className='merge__input'
            value={name}
            maxlength={20}
            placeholder='输入参与人姓名或手机号'
            ariaLabel='参与人姓名或手机号'
            confirmType='search'
            onInput={(e) => setName(e.detail.value)}
            onConfirm={() => void search()}
          />
          <Button loading={searching} onClick={() => void search()}>
            查找
          </Button>
        </View>
        <View className='merge__hint'>同一人被本人和家属分别登记、或现场报名后重复登记时，统计会把他算成两个人。选择保留的记录和重复的记录后合并。</View>
      </View>

      {error ? <View className='k-section'>{persons === null && error.code !== 'INPUT.INVALID' ? <ErrorState message={error.message} onRetry={() => void search()} /> : <View className='k-inline-error'>{error.message}</View>}</View> : null}
      {result ? (
        <View className='k-section' ariaRole='status'>
          ✓ {result}
        </View>
      ) : null}

      {searching && persons === null ? <Loading /> : null}
      {persons !== null && persons.length === 0 ? <EmptyState title='没有找到这个姓名或手机号的参与人' description='请核对后再试；姓名须完整一致' /> : null}
      {persons !== null && persons.length > 0 ? (
        <View className='k-section'>
          <View className='k-section__title'>找到 {persons.length} 条记录</View>
          {persons.map((p) => (
            <View key={p.id} className={`merge__person${roles[p.id] === 'kept' ? ' merge__person--kept' : ''}`} data-person={p.id}>
              <View className='merge__name'>
                {p.name}
                {roles[p.id] === 'kept' ? '（保留）' : roles[p.id] === 'duplicate' ? '（重复，将并入保留记录）' : ''}
              </View>
              <View className='merge__meta'>
                {p.birthYear > 0 ? `${p.birthYear}年生` : '出生年份未填'} · {p.targetGroup} · {p.areaName || '镇街未填'}
                {p.phone ? ` · ${p.phone}` : ''}
              </View>
              <View className='merge__meta'>
                {p.isSelf ? '本人登记' : `由${p.ownerName || '其他账号'}代为管理`} · 报名 {p.registrations} 次，签到 {p.attended} 次
              </View>
              <View className='merge__roles'>
                <Chip label='保留这条' selected={roles[p.id] === 'kept'} onClick={() => choose(p.id, 'kept')} />
                <Chip label='这是重复的' selected={roles[p.id] === 'duplicate'} onClick={() => choose(p.id, 'duplicate')} />
              </View>
            </View>
          ))}
          <View className='merge__hint'>{kept && duplicate ? '将把“重复”的报名、签到和统计并入“保留”的记录。' : '请各选一条“保留”和一条“重复”的记录。'}</View>
          <View className='k-section__hint' />
          <Button block loading={merging} disabled={!kept || !duplicate} onClick={() => void merge()}>
            合并这两条记录
          </Button>
        </View>
      ) : null}
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
