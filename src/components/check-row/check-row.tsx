import { View } from '@tarojs/components'
import './check-row.scss'

export interface CheckRowProps {
  readonly label: string
  readonly checked: boolean
  readonly onChange: (checked: boolean) => void
  /** One line under the label saying why it is asked. */
  readonly hint?: string
  readonly disabled?: boolean
  readonly invalid?: boolean
}

/** A large tappable checkbox row; the whole row toggles. */
export function CheckRow({ label, checked, onChange, hint, disabled = false, invalid = false }: CheckRowProps) {
  const classes = ['k-check', checked ? 'k-check--on' : '', disabled ? 'k-check--disabled' : '', invalid ? 'k-check--invalid' : '']
    .filter(Boolean)
    .join(' ')
  return (
    <View
      className={classes}
      ariaRole='checkbox'
      aria-checked={checked}
      aria-disabled={disabled}
      ariaLabel={`${label}，${checked ? '已勾选' : '未勾选'}`}
      onClick={disabled ? undefined : () => onChange(!checked)}
    >
      <View className='k-check__box'>{checked ? '✓' : ''}</View>
      <View className='k-check__body'>
        <View className='k-check__label'>{label}</View>
        {hint ? <View className='k-check__hint'>{hint}</View> : null}
      </View>
    </View>
  )
}
