import Taro from '@tarojs/taro'
import type { ExportFile } from '../../domain/contracts'

/** Writes the SVG to the user data folder; the page above it shows the certificate itself. */
export async function saveCertificate(file: ExportFile): Promise<string> {
  const path = `${Taro.env.USER_DATA_PATH}/${file.fileName}`
  await new Promise<void>((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({ filePath: path, data: file.base64, encoding: 'base64', success: () => resolve(), fail: (e) => reject(new Error(e.errMsg)) })
  })
  return `已保存到手机：${file.fileName}（可截屏保存到相册）`
}
