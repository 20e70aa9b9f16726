export { isDenied, loadStatePage, type LoadStateProps } from './load-state'
