export { CheckRow, type CheckRowProps } from './check-row'
