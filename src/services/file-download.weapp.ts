// WeChat: write the bytes to the user data folder, then open them in the built-in document viewer
// (which offers forwarding and saving). CSV has no viewer in WeChat, so it is only saved.

import Taro from '@tarojs/taro'
import type { ExportFile } from '../domain/contracts'
import type { SavedFile } from './file-download'

export type { SavedFile } from './file-download'

const VIEWABLE = ['xlsx', 'xls', 'doc', 'docx', 'pdf', 'ppt', 'pptx'] as const
type Viewable = (typeof VIEWABLE)[number]

export async function saveExportFile(file: ExportFile): Promise<SavedFile> {
  const path = `${Taro.env.USER_DATA_PATH}/${file.fileName}`
  await new Promise<void>((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath: path,
      data: file.base64,
      encoding: 'base64',
      success: () => resolve(),
      fail: (e) => reject(new Error(e.errMsg)),
    })
  })
  const ext = file.fileName.split('.').pop()?.toLowerCase() ?? ''
  if ((VIEWABLE as readonly string[]).includes(ext)) {
    await Taro.openDocument({ filePath: path, fileType: ext as Viewable, showMenu: true })
    return { fileName: file.fileName, how: 'opened', path }
  }
  return { fileName: file.fileName, how: 'saved', path }
}
