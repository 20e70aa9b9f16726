export const ACTIVITY_CODE_AS_LINK: boolean = false

export const absoluteUrl = (url: string): string => url

export const PRINT_AVAILABLE: boolean = false
export const printPage = (): void => {}
