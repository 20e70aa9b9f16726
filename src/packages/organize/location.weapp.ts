// WeChat: wx.chooseLocation opens the map picker; its coordinates are GCJ-02, as wx.openLocation expects.
import Taro from '@tarojs/taro'
import type { PickedVenue } from './location'

export type { PickedVenue } from './location'

export const CAN_PICK_ON_MAP = true

export async function pickVenue(): Promise<PickedVenue | null> {
  try {
    const r = await Taro.chooseLocation({})
    return { latitude: r.latitude, longitude: r.longitude, name: r.name ?? '', address: r.address ?? '' }
  } catch {
    // Cancelled, or the location permission refused: the fields stay as they were.
    return null
  }
}
