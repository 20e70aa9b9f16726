// H5: the poster's QR code carries the page's own address (hash routing).
export function pageLink(path: string): string | null {
  return `${window.location.origin}/#${path}`
}
