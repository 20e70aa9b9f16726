import './fields.scss'

export { ChoiceField, type ChoiceFieldProps } from './choice-field'
export { DateTimeField, type DateTimeFieldProps } from './datetime-field'
