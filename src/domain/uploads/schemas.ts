// Request schema of the `uploads` function. A poster arrives either as base64 in the request (H5 and
// the local runtime; the gateway lets this one function's body be larger) or, in WeChat, as the
// fileID of a picture the mini-program put into cloud storage under tmp-posters/ (wx.cloud.uploadFile),
// which the function reads, checks, stores as a poster and deletes.

import { z } from 'zod'
import { POSTER_BYTES_MAX } from './rules'

/** Base64 of the largest poster accepted, plus its padding. */
export const POSTER_BASE64_MAX_CHARS = Math.ceil(POSTER_BYTES_MAX / 3) * 4
/** Where the mini-program uploads a picture before the function takes it (its own OPENID-free folder). */
export const TMP_POSTER_FILE_ID = /^cloud:\/\/[A-Za-z0-9._-]{1,120}\/tmp-posters\/[A-Za-z0-9_-]{8,64}\.(jpg|jpeg|png)$/
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

export const uploadSchemas = {
  poster: z
    .strictObject({
      data: z.string().max(POSTER_BASE64_MAX_CHARS, { error: 'upload_too_large' }).regex(BASE64, { error: 'upload_type' }).optional(),
      fileId: z.string().max(300, { error: 'too_long' }).regex(TMP_POSTER_FILE_ID, { error: 'invalid_id' }).optional(),
    })
    .refine((o) => (o.data === undefined) !== (o.fileId === undefined), { error: 'upload_empty' }),
} as const

/** What `uploads.poster` returns: the poster to put into the activity form. */
export interface PosterUploadedView {
  readonly id: string
  readonly url: string
  readonly thumbUrl: string
  readonly width: number
  readonly height: number
}
