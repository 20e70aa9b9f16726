// WeChat's setData on a plain data object: each key is a path (`a.b[0].c`, and Taro's `a.[0]` form),
// its value replaces what is there. Every call is recorded with its size, as WeChat measures it
// (the JSON of the payload; over 256 KB a real device stalls and WeChat warns).

export const SET_DATA_WARN_BYTES = 256 * 1024

export interface SetDataRecord {
  /** The page route the call was made on. */
  readonly route: string
  readonly keys: readonly string[]
  /** The keys whose value differed from what the view already had (the rest were sent for nothing). */
  readonly changed: readonly string[]
  /** UTF-8 bytes of JSON.stringify(payload). */
  readonly bytes: number
  /** Sequence number across the whole app, in call order. */
  readonly seq: number
}

type Segment = string | number

/** `root.cn.[0].cn[2].v` → ['root', 'cn', 0, 'cn', 2, 'v']. */
export function parsePath(key: string): Segment[] {
  const out: Segment[] = []
  for (const m of key.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) out.push(m[1] !== undefined ? Number(m[1]) : m[2])
  return out
}

/** Whether a setData key writes at or below the data path `under`. */
export function keyUnder(key: string, under: readonly (string | number)[]): boolean {
  const segs = parsePath(key)
  return segs.length >= under.length && under.every((u, i) => segs[i] === u)
}

/** A deep copy through JSON, the way data crosses from the logic layer to the view. */
export const viaJson = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T))

/** Applies one path-keyed payload to `data` in place; returns the keys that changed something. */
export function applySetData(data: Record<string, unknown>, payload: Record<string, unknown>): string[] {
  const changed: string[] = []
  for (const [key, raw] of Object.entries(payload)) {
    const value = viaJson(raw)
    const segs = parsePath(key)
    if (segs.length === 0) continue
    let target: Record<string | number, unknown> = data
    for (let i = 0; i < segs.length - 1; i++) {
      const seg = segs[i]
      let next = target[seg]
      if (next === null || typeof next !== 'object') {
        next = typeof segs[i + 1] === 'number' ? [] : {}
        target[seg] = next
      }
      target = next as Record<string | number, unknown>
    }
    const last = segs[segs.length - 1]
    if (JSON.stringify(target[last]) !== JSON.stringify(value)) changed.push(key)
    target[last] = value
  }
  return changed
}

export const payloadBytes = (payload: unknown): number => Buffer.byteLength(JSON.stringify(payload) ?? '', 'utf8')
