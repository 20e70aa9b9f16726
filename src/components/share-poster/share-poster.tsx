// 分享海报: the activity in brief with a code to open it — the mini-program code the cloud function
// rendered (wxacode.getUnlimited, scene a=<id>) in WeChat, a QR code of the page's address in H5.
// Shown over the page; 长按保存 / a screenshot keeps it.
import { Image, View } from '@tarojs/components'
import { ACTIVITY_TYPES, nameOf } from '../../domain/catalog'
import type { ActivityView } from '../../domain/contracts'
import { pngDataUri } from '../../services/base64'
import { formatRange } from '../../utils/format'
import { Button } from '../button'
import { QrCode } from '../qr-code'
import { pageLink } from './share-link'
import './share-poster.scss'

export interface SharePosterProps {
  readonly activity: ActivityView
  readonly path: string
  /** base64url PNG of the mini-program code, when the platform rendered one. */
  readonly image: string | null
  readonly onClose: () => void
}

export function SharePoster({ activity: a, path, image, onClose }: SharePosterProps) {
  const link = pageLink(path)
  return (
    <View className='poster-mask' ariaRole='dialog' ariaLabel='分享海报'>
      <View className='poster'>
        <View className='poster__brand'>科普环翠 · {nameOf(ACTIVITY_TYPES, a.type)}</View>
        <View className='poster__title'>{a.title}</View>
        <View className='poster__line'>{formatRange(a.startAt, a.endAt)}</View>
        <View className='poster__line'>
          {a.place}
          {a.areaName ? ` · ${a.areaName}` : ''}
        </View>
        <View className='poster__code'>
          {image ? (
            <Image className='poster__image' src={pngDataUri(image)} mode='aspectFit' ariaLabel='活动小程序码' />
          ) : link ? (
            <QrCode value={link} size='medium' label='活动页面二维码' />
          ) : null}
        </View>
        <View className='poster__hint'>{image ? '长按识别小程序码，查看活动并报名' : '扫码查看活动并报名'}</View>
        {link ? <View className='poster__link' data-link={link}>{link}</View> : null}
      </View>
      <View className='poster__close'>
        <Button block variant='secondary' onClick={onClose}>
          关闭
        </Button>
      </View>
    </View>
  )
}
