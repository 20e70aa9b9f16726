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

/** More than one CloudBase server-side get (100 documents) can return. */
export const BEYOND_ONE_BATCH = 130

/**
 * Opens a fresh, empty store of `adapter` before each test of the enclosing describe (handed to `set`)
 * and closes it after.
 * @example let store: Store; openStoreEach(adapter, (s) => (store = s))
 */
export function openStoreEach(adapter: AdapterUnderTest, set: (store: Store) => void): void {
  let close = async (): Promise<void> => {}
  beforeEach(async () => {
    const opened = await adapter.open()
    set(opened.store)
    close = () => opened.close()
  })
  afterEach(() => close())
}
