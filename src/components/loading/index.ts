export { Loading, type LoadingProps, type LoadingVariant } from './loading'
