// A fresh, empty CloudBase database for a test that uses the adapter directly.
import type { CloudDb } from '../../cloud/cloudbase-types'
import { createFakeCloudDatabase } from './cloudbase-fake'

export async function openCloudDb(): Promise<{ db: CloudDb; close(): Promise<void> }> {
  return { db: createFakeCloudDatabase(), async close() {} }
}
