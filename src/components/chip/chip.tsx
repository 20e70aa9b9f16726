import { View } from '@tarojs/components'
import './chip.scss'

export interface ChipProps {
  readonly label: string
  readonly selected?: boolean
  readonly onClick?: () => void
}

/** A selectable filter option; the selected one is bold with a tick, not only coloured. */
export function Chip({ label, selected = false, onClick }: ChipProps) {
  return (
    <View
      className={`k-chip${selected ? ' k-chip--selected' : ''}`}
      onClick={onClick}
      ariaRole='button'
      ariaLabel={selected ? `${label}，已选` : label}
    >
      {selected ? `✓ ${label}` : label}
    </View>
  )
}
