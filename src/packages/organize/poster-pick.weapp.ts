// WeChat: wx.chooseMedia picks a picture (compressed by WeChat), wx.cloud.uploadFile puts it under
// tmp-posters/ in cloud storage, and `uploads.poster` takes it from there: checks what the bytes are,
// stores it with its resized copies, and deletes the temporary file.
import Taro from '@tarojs/taro'
import { networkError } from '../../services/transport'
import { checkPickedSize, uploadPoster, type PosterUploadedView } from './poster-upload'

export type { PosterUploadedView } from './poster-upload'

const randomName = (): string => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`

export async function choosePoster(): Promise<PosterUploadedView | null> {
  let file: { tempFilePath: string; size: number }
  try {
    const r = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })
    file = r.tempFiles[0]
    if (!file) return null
  } catch {
    // Cancelled, or the album permission refused.
    return null
  }
  checkPickedSize(file.size)
  const ext = /\.png$/i.test(file.tempFilePath) ? 'png' : 'jpg'
  let fileId: string
  try {
    fileId = (await Taro.cloud.uploadFile({ cloudPath: `tmp-posters/${randomName()}.${ext}`, filePath: file.tempFilePath })).fileID
  } catch {
    throw networkError()
  }
  return uploadPoster({ fileId })
}
