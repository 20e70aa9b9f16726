export type QrSize = 'large' | 'medium' | 'small'

export interface QrCodeProps {
  /** The text to encode; also exposed as `data-code` on the container unless `codeText` is given. */
  readonly value: string
  /** What `data-code` carries when it differs from the encoded text (an activity code shown as a link). */
  readonly codeText?: string
  readonly size?: QrSize
  /** Read out instead of the picture, e.g. '张三的签到二维码'. */
  readonly label: string
  /** Fades the code while it is known to be stale. */
  readonly dim?: boolean
  readonly className?: string
}

export const qrClassName = ({ size = 'large', dim, className }: Pick<QrCodeProps, 'size' | 'dim' | 'className'>): string =>
  ['k-qr', `k-qr--${size}`, dim ? 'k-qr--dim' : '', className ?? ''].filter(Boolean).join(' ')
