// What both platforms' poster pickers share (poster-pick.ts for H5, poster-pick.weapp.ts): the size
// check before sending and the `uploads.poster` call.
import { ApiError, call } from '../../services/transport'
import { POSTER_BYTES_MAX } from '../../domain/uploads/rules'
import type { PosterUploadedView } from '../../domain/uploads/schemas'

export type { PosterUploadedView } from '../../domain/uploads/schemas'

/** Sends a picture (base64, H5) or a cloud fileID under tmp-posters/ (WeChat) to the server. */
export const uploadPoster = (data: { data: string } | { fileId: string }): Promise<PosterUploadedView> =>
  (call as unknown as (fn: string, action: string, data: unknown) => Promise<PosterUploadedView>)('uploads', 'poster', data)

/** Refuses a picture over 2 MB before sending it, with the server's own message. */
export function checkPickedSize(bytes: number): void {
  if (bytes > POSTER_BYTES_MAX) throw new ApiError('UPLOAD.TOO_LARGE', undefined, 'poster')
}
