// Every Store adapter, for the contract suite (describe.each). Each factory returns a fresh, empty store.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Store } from '../../src/domain/ports'
import { openSqliteStore } from '../../server/sqlite/store'
import { createCloudBaseStore } from '../../cloud/cloudbase-store'
import { createFakeCloudDatabase } from '../support/cloudbase-fake'

export interface AdapterUnderTest {
  readonly name: string
  open(): Promise<{ store: Store; close(): Promise<void> }>
}

export const ADAPTERS: AdapterUnderTest[] = [
  {
    name: 'sqlite (temporary file)',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-contract-'))
      const store = openSqliteStore(path.join(dir, 'test.sqlite'))
      return {
        store,
        async close() {
          store.close()
          fs.rmSync(dir, { recursive: true, force: true })
        },
      }
    },
  },
  {
    name: 'cloudbase (in-memory stand-in)',
    async open() {
      return { store: createCloudBaseStore(createFakeCloudDatabase()), async close() {} }
    },
  },
  // A real CloudBase environment, only when TCB_ENV_ID, TCB_SECRET_ID and TCB_SECRET_KEY are set.
  ...(require('../support/cloudbase-real') as typeof import('../support/cloudbase-real')).realCloudBaseAdapters(),
]
