import { Input, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { useState } from 'react'
import { ERROR_MESSAGES } from '../../../../domain/errors'
import type { Area } from '../../../../domain/types'
import { Button } from '../../../../components/button'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { Tag } from '../../../../components/tag'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { setAreas } from '../../../../stores/catalog'
import { ensureSession, useSessionStore } from '../../../../stores/session'
import { toastError } from '../../../../services/toast'
import './index.scss'
import { AREA_NAME_MAX } from '../../../../domain/limits'

type Kind = Area['kind']
const KINDS: { code: Kind; name: string }[] = [
  { code: 'town', name: '镇' },
  { code: 'street', name: '街道' },
]
const kindName = (k: Kind) => KINDS.find((x) => x.code === k)?.name ?? k

function KindSwitch({ value, onChange }: { value: Kind; onChange: (k: Kind) => void }) {
  return (
    <View className='areas__kinds'>
      {KINDS.map((k, i) => (
        <View
          key={k.code}
          className={`areas__kind${i === 0 ? ' areas__kind--first' : ''}${value === k.code ? ' areas__kind--on' : ''}`}
          ariaRole='radio'
          ariaLabel={value === k.code ? `${k.name}，已选` : k.name}
          onClick={() => onChange(k.code)}
        >
          {k.name}
        </View>
      ))}
    </View>
  )
}

const checkName = (name: string): string =>
  !name.trim() ? '请填写名称' : name.trim().length > AREA_NAME_MAX ? `名称不能超过${AREA_NAME_MAX}个字` : ''

export default function AreasPage() {
  const role = useSessionStore((s) => s.user?.role)
  const sessionStatus = useSessionStore((s) => s.status)
  const [areas, setList] = useState<readonly Area[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [editing, setEditing] = useState<{ id: string; name: string; kind: Kind } | null>(null)
  const [editError, setEditError] = useState('')
  const [newName, setNewName] = useState('')
  const [newKind, setNewKind] = useState<Kind>('street')
  const [addError, setAddError] = useState('')
  const [saving, setSaving] = useState<string | null>(null)

  async function load() {
    setError(null)
    try {
      const user = await ensureSession()
      if (user?.role !== 'admin') return
      const view = await api.catalog.get()
      setList(view.areas)
    } catch (e) {
      setError(toApiError(e))
    }
  }

  useLoad(() => void load())

  async function save(key: string, input: { id?: string; name: string; kind: Kind; sort?: number }, onError: (m: string) => void) {
    setSaving(key)
    try {
      const view = await api.catalog.saveArea({ ...input, name: input.name.trim() })
      setList(view.areas)
      setAreas(view.areas)
      void Taro.showToast({ title: '已保存', icon: 'success', duration: 1200 })
      return true
    } catch (e) {
      const err = toApiError(e)
      onError(err.message)
      toastError(err)
      return false
    } finally {
      setSaving(null)
    }
  }

  async function saveEdit(area: Area) {
    if (!editing) return
    const problem = checkName(editing.name)
    if (problem) return setEditError(problem)
    if (await save(area.id, { id: area.id, name: editing.name, kind: editing.kind, sort: area.sort }, setEditError)) setEditing(null)
  }

  async function add() {
    const problem = checkName(newName)
    if (problem) return setAddError(problem)
    if (await save('new', { name: newName, kind: newKind }, setAddError)) setNewName('')
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
  if (error) {
    return (
      <PageRoot>
        <ErrorState message={error.message} onRetry={() => void load()} />
      </PageRoot>
    )
  }
  if (!areas) {
    return (
      <PageRoot>
        <Loading />
      </PageRoot>
    )
  }

  return (
    <PageRoot className='areas'>
      <View className='k-section'>
        <View className='k-section__title'>镇街列表（{areas.length}）</View>
        {areas.map((a) =>
          editing?.id === a.id ? (
            <View key={a.id} className='areas__row areas__row--editing'>
              <Input
                className='areas__input'
                value={editing.name}
                maxlength={AREA_NAME_MAX}
                ariaLabel='镇街名称'
                onInput={(e) => {
                  setEditing({ ...editing, name: e.detail.value })
                  setEditError('')
                }}
              />
              <KindSwitch value={editing.kind} onChange={(kind) => setEditing({ ...editing, kind })} />
              {editError ? <View className='k-inline-error'>{editError}</View> : null}
              <View className='areas__row-actions'>
                <Button size='small' variant='secondary' onClick={() => setEditing(null)}>
                  取消
                </Button>
                <Button size='small' loading={saving === a.id} onClick={() => void saveEdit(a)}>
                  保存
                </Button>
              </View>
            </View>
          ) : (
            <View key={a.id} className='areas__row'>
              <View className='areas__name'>
                {a.name}
                <Tag className='areas__tag'>{kindName(a.kind)}</Tag>
              </View>
              <Button
                size='small'
                variant='secondary'
                onClick={() => {
                  setEditing({ id: a.id, name: a.name, kind: a.kind })
                  setEditError('')
                }}
              >
                改名
              </Button>
            </View>
          ),
        )}
      </View>

      <View className='k-section'>
        <View className='k-section__title'>新增镇街</View>
        <Input
          className='areas__input'
          value={newName}
          maxlength={AREA_NAME_MAX}
          placeholder='例如：环翠楼街道'
          ariaLabel='新镇街名称'
          onInput={(e) => {
            setNewName(e.detail.value)
            setAddError('')
          }}
        />
        <KindSwitch value={newKind} onChange={setNewKind} />
        {addError ? <View className='k-inline-error'>{addError}</View> : null}
        <View className='areas__add'>
          <Button block loading={saving === 'new'} onClick={() => void add()}>
            添加
          </Button>
        </View>
      </View>
      <View className='k-bottom-space' />
    </PageRoot>
  )
}
