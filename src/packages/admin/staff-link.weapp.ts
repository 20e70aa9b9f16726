/** In WeChat the invite travels as the mini-program code the staff function renders (scene o=<code>). */
export const staffJoinUrl = (_page: string, _code: string): string | null => null
