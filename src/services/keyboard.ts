// Keyboard access for tappable elements. In WeChat the native components handle it, so this fallback
// does nothing; keyboard.h5.ts fills the gap of Taro's H5 custom elements.

/** Makes buttons, links and chips reachable with Tab and pressable with Enter or Space (H5 only). */
export function installKeyboardAccess(): void {}
