// Is the network up, and tell me when it changes. Taro picks network.h5.ts or network.weapp.ts;
// this fallback assumes a network and never reports a change.

export type NetworkListener = (online: boolean) => void

export const currentlyOnline = async (): Promise<boolean> => true

/** Calls `listener` on every change; returns the unsubscribe function. */
export const watchNetwork = (_listener: NetworkListener): (() => void) => () => {}
