// Saving a file the server produced (an export). Taro resolves './file-download' to
// file-download.h5.ts or file-download.weapp.ts per platform; this file is the shared interface
// the type checker sees and the fallback elsewhere.

import type { ExportFile } from '../domain/contracts'

/** What happened to the file: downloaded by the browser, opened in WeChat's viewer, or only saved. */
export interface SavedFile {
  readonly fileName: string
  readonly how: 'downloaded' | 'opened' | 'saved'
  /** Where it was written, when the platform has a file system (weapp). */
  readonly path?: string
}

export async function saveExportFile(file: ExportFile): Promise<SavedFile> {
  return { fileName: file.fileName, how: 'saved' }
}
