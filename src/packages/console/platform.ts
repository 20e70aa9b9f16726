// How this platform shows the rotating activity code. Taro picks platform.h5.ts or platform.weapp.ts.

/** H5 shows the code as a link in a QR; weapp needs a mini-program code made by the server. */
export const ACTIVITY_CODE_AS_LINK: boolean = false

/** Makes a link absolute for a QR scanned by another phone. */
export const absoluteUrl = (url: string): string => url

/** Opens the print dialog where there is one. */
export const PRINT_AVAILABLE: boolean = false
export const printPage = (): void => {}
