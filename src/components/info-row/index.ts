export * from './info-row'
