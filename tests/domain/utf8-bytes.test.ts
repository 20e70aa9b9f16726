import { utf8Bytes } from '../../src/domain/checkin/codes'

describe('utf8Bytes (codes are signed in the mini-program too, where there is no TextEncoder)', () => {
  it.each(['', 'KP1.T.act-today-ai.reg-1.5.abc', '签到码', 'é', '😀 emoji', 'lone \ud800 high', 'lone \udc00 low', '\u{10ffff}'])(
    'gives what TextEncoder gives for %j',
    (text) => {
      expect(Array.from(utf8Bytes(text))).toEqual(Array.from(new TextEncoder().encode(text)))
    },
  )
})
