export interface CameraScanProps {
  /** Called with each decoded text; the same code is not reported again within a few seconds. */
  readonly onCode: (text: string) => void
  readonly disabled?: boolean
}

/** The same code held in front of the camera is reported once per this many ms. */
export const REPEAT_SUPPRESS_MS = 3000
