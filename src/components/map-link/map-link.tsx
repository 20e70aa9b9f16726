// 查看地图 for an activity's venue. WeChat (and the fallback): wx.openLocation with the GCJ-02 point;
// map-link.h5.tsx links to the map site instead. Nothing is shown when the venue has no point.
import Taro from '@tarojs/taro'
import { Button } from '../button'
import type { MapLinkProps } from './map-url'

export type { MapLinkProps } from './map-url'

export function MapLink(p: MapLinkProps) {
  return (
    <Button size='small' variant='secondary' onClick={() => void Taro.openLocation({ latitude: p.latitude, longitude: p.longitude, name: p.name, address: p.address, scale: 16 }).catch(() => undefined)}>
      查看地图
    </Button>
  )
}
