// Choosing and uploading an activity poster. H5: a file chooser for JPEG/PNG, read as base64 and sent
// to `uploads.poster` (the server checks what the bytes are and resizes them). WeChat: poster-pick.weapp.ts.

import { ApiError } from '../../services/transport'
import { checkPickedSize, uploadPoster, type PosterUploadedView } from './poster-upload'

export type { PosterUploadedView } from './poster-upload'

function chooseFile(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = 'image/jpeg,image/png'
    input.style.display = 'none'
    const done = (f: File | null) => {
      input.remove()
      resolve(f)
    }
    input.addEventListener('change', () => done(input.files?.[0] ?? null))
    input.addEventListener('cancel', () => done(null))
    document.body.appendChild(input)
    input.click()
  })
}

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(new ApiError('UPLOAD.NOT_IMAGE', undefined, 'poster'))
    reader.readAsDataURL(file)
  })
}

/** Lets the organizer choose a picture and uploads it; null when they chose none. Throws ApiError. */
export async function choosePoster(): Promise<PosterUploadedView | null> {
  const file = await chooseFile()
  if (!file) return null
  checkPickedSize(file.size)
  return uploadPoster({ data: await base64Of(file) })
}
