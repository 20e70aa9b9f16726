/** A venue point (GCJ-02) with what to show beside it. */
export interface MapLinkProps {
  readonly latitude: number
  readonly longitude: number
  readonly name: string
  readonly address: string
}

/** The map site's page for a GCJ-02 point (AMap, which takes GCJ-02 as it is). */
export const mapUrl = (p: MapLinkProps): string =>
  `https://uri.amap.com/marker?position=${p.longitude},${p.latitude}&name=${encodeURIComponent(p.name)}&src=kepu-huancui&coordinate=gaode&callnative=1`
