// 结业证书 numbers and verification codes. Pure: the key is an input, and only the server holds it.
//
//   certificate number   10 characters, derived from the completion id (sha256, Crockford base32)
//   verification code    <number>-<mac8>: the number and 8 characters of HMAC-SHA256(master key, number)
//
// Anyone can type the code into the public verify page; the server recomputes the MAC and, when it
// matches, looks the certificate up by its number. Without the key no valid code can be made up.

import { hmac } from '@noble/hashes/hmac'
import { sha256 } from '@noble/hashes/sha2'
import { constantTimeEqual } from '../checkin/codes'

/** Crockford's base32: no I, L, O or U, so a code read aloud or retyped is hard to get wrong. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const CERTIFICATE_NO_CHARS = 10
const MAC_CHARS = 8
const enc = new TextEncoder()

function base32(bytes: Uint8Array, chars: number): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const b of bytes) {
    buffer = (buffer << 8) | b
    bits += 8
    while (bits >= 5 && out.length < chars) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31]
      bits -= 5
    }
    buffer &= (1 << bits) - 1
    if (out.length >= chars) break
  }
  return out
}

/** The public number of the certificate of a completion, e.g. `7K2QX9MD4R`. */
export const certificateNoFor = (completionId: string): string => base32(sha256(enc.encode(`KP1|certificate|${completionId}`)), CERTIFICATE_NO_CHARS)

const macOf = (master: Uint8Array, certificateNo: string): string => base32(hmac(sha256, master, enc.encode(`KP1|certificate-mac|${certificateNo}`)), MAC_CHARS)

/** The verification code printed on the certificate, e.g. `7K2QX9MD4R-H3T8PZ2A`. */
export const verificationCode = (master: Uint8Array, certificateNo: string): string => `${certificateNo}-${macOf(master, certificateNo)}`

/** Upper-cases, drops spaces and dashes, and reads O as 0 and I/L as 1 (Crockford), so retyped codes still match. */
export function normalizeVerificationCode(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[\s\-_–—]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
}

/**
 * The certificate number a typed or pasted code stands for, or null when it is not a valid code
 * under this key. A verify link (`…?code=…`) is accepted too.
 */
export function verifyCertificateCode(master: Uint8Array, raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 200) return null
  const param = /[?&]code=([^&#]+)/.exec(raw)
  let text = raw
  if (param) {
    try {
      text = decodeURIComponent(param[1])
    } catch {
      return null
    }
  }
  const code = normalizeVerificationCode(text)
  if (code.length !== CERTIFICATE_NO_CHARS + MAC_CHARS || ![...code].every((c) => ALPHABET.includes(c))) return null
  const no = code.slice(0, CERTIFICATE_NO_CHARS)
  return constantTimeEqual(macOf(master, no), code.slice(CERTIFICATE_NO_CHARS)) ? no : null
}
