// Own presentational components for the main package. Import from the folder you need
// (e.g. '../../components/button') so each page pulls in only what it uses.
export * from './activity-card'
export * from './button'
export * from './check-row'
export * from './chip'
export * from './empty-state'
export * from './error-state'
export * from './filter-bar'
export * from './info-row'
export * from './loading'
export * from './page-root'
export * from './status-badge'
export * from './tag'
