import { Input, Picker, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { TARGET_GROUPS, type TargetGroup } from '../../../domain/catalog'
import { Button } from '../../../components/button'
import { Chip } from '../../../components/chip'
import { loadCatalog, useCatalogStore } from '../../../stores/catalog'
import { NAME_MAX_CHARS, walkInProblem } from '../console-helpers'

export interface WalkInPanelProps {
  readonly seatsLeft: number
  readonly offline: boolean
  readonly busy: boolean
  readonly onSubmit: (form: { name: string; targetGroup: TargetGroup; areaId: string }) => Promise<boolean>
}

/** 现场报名: someone who arrives without a registration is signed up and checked in while seats remain. */
export function WalkInPanel({ seatsLeft, offline, busy, onSubmit }: WalkInPanelProps) {
  const areas = useCatalogStore((s) => s.areas)
  const [name, setName] = useState('')
  const [group, setGroup] = useState<TargetGroup | null>(null)
  const [areaId, setAreaId] = useState<string | null>(null)
  const [problem, setProblem] = useState('')

  useEffect(() => void loadCatalog(), [])

  const areaIndex = areaId ? areas.findIndex((a) => a.id === areaId) : -1

  const submit = async () => {
    const p = walkInProblem({ name, targetGroup: group, areaId })
    if (p) return setProblem(p)
    if (await onSubmit({ name, targetGroup: group as TargetGroup, areaId: areaId as string })) {
      setName('')
      setGroup(null)
      setProblem('')
    }
  }

  return (
    <View className='walkin'>
      <View className='k-section__hint walkin__hint'>
        {offline ? '现场报名需要联网。' : seatsLeft > 0 ? `尚余 ${seatsLeft} 个名额。报名后立即签到。` : '名额已满，无法现场报名。'}
      </View>
      <View className='walkin__label'>姓名</View>
      <Input
        className='k-field'
        value={name}
        maxlength={NAME_MAX_CHARS}
        placeholder='参与人姓名'
        ariaLabel='姓名'
        onInput={(e) => {
          setName(e.detail.value)
          setProblem('')
        }}
      />
      <View className='walkin__label'>重点人群</View>
      <View className='walkin__chips'>
        {TARGET_GROUPS.map((g) => (
          <Chip
            key={g.code}
            label={g.name}
            selected={group === g.code}
            onClick={() => {
              setGroup(g.code)
              setProblem('')
            }}
          />
        ))}
      </View>
      <View className='walkin__label'>镇街</View>
      <Picker
        mode='selector'
        range={areas.map((a) => a.name)}
        value={Math.max(0, areaIndex)}
        onChange={(e) => {
          setAreaId(areas[Number(e.detail.value)]?.id ?? null)
          setProblem('')
        }}
      >
        <View className={`k-field walkin__select${areaIndex >= 0 ? ' walkin__select--set' : ''}`} ariaRole='button' ariaLabel={`镇街：${areaIndex >= 0 ? areas[areaIndex].name : '未选择'}`}>
          {areaIndex >= 0 ? areas[areaIndex].name : '请选择镇街'} ▾
        </View>
      </Picker>
      {problem ? <View className='k-inline-error'>{problem}</View> : null}
      <View className='walkin__submit'>
        <Button block size='large' loading={busy} disabled={offline || seatsLeft <= 0} onClick={() => void submit()}>
          现场报名并签到
        </Button>
      </View>
    </View>
  )
}
