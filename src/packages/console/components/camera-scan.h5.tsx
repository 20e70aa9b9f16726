// H5: the rear camera in a <video>, frames read on a <canvas> and decoded with jsQR. jsQR is loaded
// only when the camera is opened, so it stays out of every other bundle.

import { View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { Button } from '../../../components/button'
import { REPEAT_SUPPRESS_MS, type CameraScanProps } from './camera-props'

export type { CameraScanProps } from './camera-props'

/** Frames are decoded this often; faster only heats the phone. */
const FRAME_INTERVAL_MS = 150
/** Frames are scaled down to this width before decoding. */
const DECODE_WIDTH_PX = 640

function cameraProblem(e: unknown): string {
  const name = (e as { name?: string })?.name ?? ''
  if (name === 'NotAllowedError' || name === 'SecurityError') return '未获得摄像头权限。请在浏览器设置中允许使用摄像头，或在下方输入签到码。'
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return '没有找到可用的摄像头，请在下方输入签到码。'
  return '无法打开摄像头，请在下方输入签到码。'
}

export function CameraScan({ onCode, disabled }: CameraScanProps) {
  const [open, setOpen] = useState(false)
  const [problem, setProblem] = useState('')
  const [starting, setStarting] = useState(false)
  const videoRef = useRef<HTMLVideoElement | null>(null)
  const onCodeRef = useRef(onCode)
  onCodeRef.current = onCode

  useEffect(() => {
    if (!open) return
    let stopped = false
    let stream: MediaStream | null = null
    let timer: ReturnType<typeof setTimeout> | null = null
    let last = { text: '', at: 0 }

    const start = async () => {
      setStarting(true)
      setProblem('')
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('unsupported'), { name: 'NotFoundError' })
        const [mod, media] = await Promise.all([
          import(/* webpackChunkName: "jsqr" */ 'jsqr'),
          navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }),
        ])
        if (stopped) {
          media.getTracks().forEach((t) => t.stop())
          return
        }
        stream = media
        const jsQR = mod.default
        const video = videoRef.current
        if (!video) return
        video.srcObject = media
        video.setAttribute('playsinline', 'true')
        video.muted = true
        await video.play()
        const canvas = document.createElement('canvas')
        const ctx = canvas.getContext('2d', { willReadFrequently: true })
        const frame = () => {
          if (stopped) return
          if (ctx && video.readyState >= 2 && video.videoWidth > 0) {
            const scale = Math.min(1, DECODE_WIDTH_PX / video.videoWidth)
            canvas.width = Math.round(video.videoWidth * scale)
            canvas.height = Math.round(video.videoHeight * scale)
            ctx.drawImage(video, 0, 0, canvas.width, canvas.height)
            const image = ctx.getImageData(0, 0, canvas.width, canvas.height)
            const hit = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })
            const now = Date.now()
            if (hit?.data && (hit.data !== last.text || now - last.at > REPEAT_SUPPRESS_MS)) {
              last = { text: hit.data, at: now }
              onCodeRef.current(hit.data)
            } else if (hit?.data) {
              last = { text: hit.data, at: last.at }
            }
          }
          timer = setTimeout(frame, FRAME_INTERVAL_MS)
        }
        frame()
      } catch (e) {
        if (!stopped) {
          setProblem(cameraProblem(e))
          setOpen(false)
        }
      } finally {
        if (!stopped) setStarting(false)
      }
    }
    void start()

    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
      stream?.getTracks().forEach((t) => t.stop())
    }
  }, [open])

  return (
    <View className='camera'>
      {open ? (
        <View className='camera__box'>
          <video ref={videoRef} className='camera__video' playsInline muted aria-label='摄像头画面' />
          <View className='camera__frame' />
          {starting ? <View className='camera__status'>正在打开摄像头…</View> : null}
        </View>
      ) : null}
      <Button block size='large' variant={open ? 'secondary' : 'primary'} disabled={disabled && !open} onClick={() => setOpen(!open)}>
        {open ? '关闭摄像头' : '打开摄像头扫码'}
      </Button>
      {problem ? (
        <View className='k-inline-error' ariaRole='alert'>
          {problem}
        </View>
      ) : null}
    </View>
  )
}
