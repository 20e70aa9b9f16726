// H5: 查看地图 opens the venue on the map site in a new tab (there is no wx.openLocation in a browser).
import { mapUrl, type MapLinkProps } from './map-url'

export type { MapLinkProps } from './map-url'

export function MapLink(p: MapLinkProps) {
  return (
    <a className='k-button k-button--secondary k-button--small map-link' href={mapUrl(p)} target='_blank' rel='noopener noreferrer'>
      查看地图
    </a>
  )
}
