// H5: turn the base64 bytes into a Blob and click a temporary <a download> so the browser saves it.

import type { ExportFile } from '../domain/contracts'
import { base64ToBytes } from './base64'
import type { SavedFile } from './file-download'

export type { SavedFile } from './file-download'

export async function saveExportFile(file: ExportFile): Promise<SavedFile> {
  const bytes = base64ToBytes(file.base64)
  const blob = new Blob([bytes as BlobPart], { type: file.contentType || 'application/octet-stream' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = file.fileName
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return { fileName: file.fileName, how: 'downloaded' }
}
