export { MapLink, type MapLinkProps } from './map-link'
