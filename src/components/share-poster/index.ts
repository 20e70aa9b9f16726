export { SharePoster, type SharePosterProps } from './share-poster'
