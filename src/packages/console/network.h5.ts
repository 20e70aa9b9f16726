// H5: navigator.onLine and the window's online/offline events.

export type NetworkListener = (online: boolean) => void

export const currentlyOnline = async (): Promise<boolean> => (typeof navigator === 'undefined' ? true : navigator.onLine !== false)

export function watchNetwork(listener: NetworkListener): () => void {
  if (typeof window === 'undefined') return () => {}
  const up = () => listener(true)
  const down = () => listener(false)
  window.addEventListener('online', up)
  window.addEventListener('offline', down)
  return () => {
    window.removeEventListener('online', up)
    window.removeEventListener('offline', down)
  }
}
