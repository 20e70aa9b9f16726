import { View } from '@tarojs/components'
import { useLoad, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { CardView } from '../../../../domain/contracts'
import { Button } from '../../../../components/button'
import { EmptyState } from '../../../../components/empty-state'
import { ErrorState } from '../../../../components/error-state'
import { Loading } from '../../../../components/loading'
import { PageRoot } from '../../../../components/page-root'
import { QrCode } from '../../../../components/qr-code'
import { api } from '../../../../services/api'
import { toApiError, type ApiError } from '../../../../services/transport'
import { ensureSession } from '../../../../stores/session'
import { PRINT_AVAILABLE, printPage } from '../../platform'
import { CARDS_PER_SHEET, toSheets } from './sheet'
import './index.scss'

interface Loaded {
  readonly activityTitle: string
  readonly cards: readonly CardView[]
}

/** A printable A4 sheet of 签到卡 for everyone confirmed for an activity. */
export default function CardsPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [data, setData] = useState<Loaded | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  async function load() {
    setError(null)
    try {
      await ensureSession()
      const res = await api.checkin.printCards(id)
      setData({ activityTitle: res.activityTitle, cards: res.cards })
    } catch (e) {
      setError(toApiError(e))
    }
  }

  useLoad(() => void load())

  if (error) {
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

  const sheets = toSheets(data.cards)
  return (
    <PageRoot className='cards'>
      <View className='cards__toolbar'>
        <View className='cards__heading'>{data.activityTitle}</View>
        <View className='k-section__hint'>
          共 {data.cards.length} 张，{sheets.length} 页A4（每页{CARDS_PER_SHEET}张）。打印时请选择A4纸、100%缩放，沿虚线剪开。
        </View>
        {PRINT_AVAILABLE ? (
          <View className='cards__print'>
            <Button block size='large' disabled={data.cards.length === 0} onClick={printPage}>
              打印
            </Button>
          </View>
        ) : (
          <View className='k-section__hint'>请在电脑浏览器中打开签到台打印。</View>
        )}
      </View>
      {data.cards.length === 0 ? <EmptyState title='暂无需要打印的签到卡' description='活动还没有已报名的参与人' /> : null}
      <View className='sheets'>
      {sheets.map((sheet, i) => (
        <View key={i} className='sheet'>
          {sheet.map((c) => (
            <View key={c.personId} className='pcard' data-person={c.personId}>
              <View className='pcard__brand'>科普环翠 签到卡</View>
              <View className='pcard__name'>{c.personName}</View>
              <View className='pcard__qr'>
                <QrCode value={c.code} size='small' label={`${c.personName}的签到卡`} />
              </View>
              <View className='pcard__activity'>{data.activityTitle}</View>
            </View>
          ))}
        </View>
      ))}
      </View>
      <View className='k-bottom-space cards__space' />
    </PageRoot>
  )
}
