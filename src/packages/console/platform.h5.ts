export const ACTIVITY_CODE_AS_LINK: boolean = true

/** '/#/pages/checkin/index?c=…' → 'http://host:port/#/pages/checkin/index?c=…'. */
export function absoluteUrl(url: string): string {
  if (/^https?:\/\//.test(url) || typeof location === 'undefined') return url
  return `${location.origin}${url.startsWith('/') ? '' : '/'}${url}`
}

export const PRINT_AVAILABLE: boolean = true
export const printPage = (): void => window.print()
