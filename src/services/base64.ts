// Base64 to bytes without atob, so it runs the same in browsers, WeChat and tests.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const LOOKUP: Record<string, number> = Object.fromEntries([...ALPHABET].map((c, i) => [c, i]))

/** Decodes standard or url-safe base64 (padding optional); whitespace is ignored. `base64ToBytes('TWE=')` → [77, 97]. */
export function base64ToBytes(b64: string): Uint8Array {
  const clean = b64.replace(/[\s=]/g, '').replace(/-/g, '+').replace(/_/g, '/')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0
  let acc = 0
  let n = 0
  for (const c of clean) {
    const v = LOOKUP[c]
    if (v === undefined) throw new Error('invalid base64')
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[n++] = (acc >> bits) & 0xff
    }
  }
  return out.subarray(0, n)
}

/** A base64url PNG from the server (a mini-program code) as a data URI an <Image> can show. */
export function pngDataUri(base64urlPng: string): string {
  const b64 = base64urlPng.replace(/-/g, '+').replace(/_/g, '/')
  return `data:image/png;base64,${b64}${'='.repeat((4 - (b64.length % 4)) % 4)}`
}
