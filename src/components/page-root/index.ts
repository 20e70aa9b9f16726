export { PageRoot, type PageRootProps } from './page-root'
