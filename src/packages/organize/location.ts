// Picking the venue on a map. WeChat: wx.chooseLocation (GCJ-02, what wx.openLocation takes back);
// elsewhere there is no map picker and the page offers the coordinates as two fields instead.

export interface PickedVenue {
  readonly latitude: number
  readonly longitude: number
  readonly name: string
  readonly address: string
}

/** Whether this platform can pick the venue on a map. */
export const CAN_PICK_ON_MAP = false

/** The venue the organizer picked, or null (cancelled, refused, or no map on this platform). */
export async function pickVenue(): Promise<PickedVenue | null> {
  return null
}
