// How an organizer invite can travel besides its code. Taro picks staff-link.h5.ts or staff-link.weapp.ts.

/** H5: the join page's link (shown with a QR); null where the server's mini-program code does that (weapp). */
export const staffJoinUrl = (_page: string, _code: string): string | null => null
