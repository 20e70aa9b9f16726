// Where a share poster's QR code points outside WeChat. WeChat shows the mini-program code the server
// rendered instead, so there is no page link to encode there.

/** The full link of an app path (e.g. `/pages/activity/index?id=…`), or null where pages have no URL. */
export function pageLink(_path: string): string | null {
  return null
}
