// A fresh, empty CloudBase database for a test that uses the adapter directly: the real wx-server-sdk
// on the local CloudBase server (cloudbase-sdk.ts), with the adapter's collections created.
import type { CloudDb } from '../../cloud/cloudbase-types'
import { openSdkDb } from './cloudbase-sdk'

export async function openCloudDb(): Promise<{ db: CloudDb; close(): Promise<void> }> {
  const { db, close } = await openSdkDb()
  return { db, close }
}
