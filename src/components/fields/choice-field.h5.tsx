import type { ChoiceFieldProps } from './choice-field'

export type { ChoiceFieldProps } from './choice-field'

export function ChoiceField({ label, options, value, onChange }: ChoiceFieldProps) {
  return (
    <select className='c-field c-field--native' aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  )
}
