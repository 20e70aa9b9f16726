// The weapp runtime harness: the built mini-program (dist/weapp) running in Node, one fresh realm per
// phone, against the real handlers on a seeded SQLite file. See device.ts for what a phone does.

import { createCloud, type Cloud } from './cloud'
import { Device, type DeviceOptions } from './device'

export { createCloud, HARNESS_TEMPLATES, type Cloud } from './cloud'
export { Device } from './device'
export { PageHandle, type NodeRef } from './page'
export { allRoutes, configuredTitle, readAppJson, readPageJson, WEAPP_DIST } from './dist'
export { keyUnder, payloadBytes, SET_DATA_WARN_BYTES, type SetDataRecord } from './set-data'
export { WHOLE_PAGE_PATHS } from './taro-shape'

/** Starts the mini-program on a new phone whose WeChat user is `openid`; the first page is open when it resolves. */
export async function launchWeapp(opts: Omit<DeviceOptions, 'cloud'> & { cloud?: Cloud }): Promise<Device> {
  const cloud = opts.cloud ?? (await createCloud())
  const device = new Device({ ...opts, cloud })
  await device.launch()
  return device
}

/**
 * A fresh cloud before each test of the file, and after it every phone `launch` opened is disposed;
 * the test fails on any page error the phones recorded or any handler crash in the cloud.
 * @example const h = phonesEach(); it('…', async () => { const p = await h.launch({ openid }) })
 */
export function phonesEach(): { readonly cloud: Cloud; launch(opts: Omit<DeviceOptions, 'cloud'>): Promise<Device> } {
  let cloud: Cloud | null = null
  const phones: Device[] = []
  beforeEach(async () => {
    cloud = await createCloud()
  })
  afterEach(() => {
    const problems = phones.flatMap((p) => p.problems())
    phones.splice(0).forEach((p) => p.dispose())
    const crashes = cloud?.crashes ?? []
    cloud?.close()
    expect(problems).toEqual([])
    expect(crashes).toEqual([])
  })
  return {
    get cloud(): Cloud {
      if (!cloud) throw new Error('phonesEach: the cloud exists only inside a test')
      return cloud
    },
    async launch(opts) {
      const p = await launchWeapp({ ...opts, cloud: this.cloud })
      phones.push(p)
      return p
    },
  }
}
