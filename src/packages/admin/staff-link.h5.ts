/** '/#/packages/staff/pages/join/index?code=…' on this site, for a QR another phone scans or a link sent on. */
export const staffJoinUrl = (page: string, code: string): string | null =>
  typeof location === 'undefined' ? null : `${location.origin}/#/${page}?code=${encodeURIComponent(code)}`
