import { Button as TaroButton } from '@tarojs/components'
import type { ReactNode } from 'react'
import './button.scss'

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost'
export type ButtonSize = 'small' | 'medium' | 'large'

export interface ButtonProps {
  readonly children: ReactNode
  readonly variant?: ButtonVariant
  readonly size?: ButtonSize
  /** Full width of its container. */
  readonly block?: boolean
  readonly disabled?: boolean
  /** Shows 处理中… and ignores taps while an action runs. */
  readonly loading?: boolean
  readonly className?: string
  readonly onClick?: () => void
}

export function Button({ children, variant = 'primary', size = 'medium', block, disabled, loading, className, onClick }: ButtonProps) {
  const inactive = disabled || loading
  const classes = [
    'k-button',
    `k-button--${variant}`,
    `k-button--${size}`,
    block ? 'k-button--block' : '',
    inactive ? 'k-button--disabled' : '',
    className ?? '',
  ]
    .filter(Boolean)
    .join(' ')
  return (
    <TaroButton className={classes} disabled={inactive || undefined} onClick={inactive ? undefined : onClick}>
      {loading ? '处理中…' : children}
    </TaroButton>
  )
}
