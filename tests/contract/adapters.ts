// Every Store adapter, for the contract suite (describe.each). Each factory returns a fresh, empty store.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Store } from '../../src/domain/ports'
import type { StaffRepository } from '../../src/domain/staff/port'
import type { FeedbackRepository } from '../../src/domain/feedback/port'
import type { WishRepository } from '../../src/domain/wishes/port'
import type { PosterRepository } from '../../src/domain/uploads/port'
import { createFakeCloudStorage } from '../support/cloud-storage-fake'
import { openSqliteStore } from '../../server/sqlite/store'
import { createCloudBaseStore } from '../../cloud/cloudbase-store'
import { openSdkDb } from '../support/cloudbase-sdk'
import { openPgTestStore } from '../support/pg-store'

/** The ports each adapter keeps beside its Store, on the same database. */
export interface AdapterPorts {
  readonly staff: StaffRepository
  readonly feedback: FeedbackRepository
  readonly wishes: WishRepository
  /** Uploaded posters: a local directory beside the SQLite file, or cloud storage (an in-memory stand-in locally). */
  readonly posters: PosterRepository
}

export interface AdapterUnderTest {
  readonly name: string
  open(): Promise<{ store: Store; close(): Promise<void> } & AdapterPorts>
}

export const ADAPTERS: AdapterUnderTest[] = [
  {
    name: 'sqlite (temporary file)',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-contract-'))
      const store = openSqliteStore(path.join(dir, 'test.sqlite'))
      return {
        store,
        staff: store.staff,
        feedback: store.feedback,
        wishes: store.wishes,
        posters: store.postersIn(path.join(dir, 'uploads')),
        async close() {
          store.close()
          fs.rmSync(dir, { recursive: true, force: true })
        },
      }
    },
  },
  {
    // The real SDK over HTTP to tests/support/cloudbase-server, a fresh environment per test.
    name: 'cloudbase (wx-server-sdk → local CloudBase server)',
    async open() {
      const { db, close } = await openSdkDb()
      const store = createCloudBaseStore(db, { aggregateGraceMs: 0 })
      return { store, staff: store.staff, feedback: store.feedback, wishes: store.wishes, posters: store.postersIn(createFakeCloudStorage()), close }
    },
  },
  {
    // The run's throwaway PostgreSQL 15 server (tests/support/pg-global-setup.ts), a fresh schema per test.
    name: 'postgres (pg → PostgreSQL 15)',
    async open() {
      const store = await openPgTestStore()
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-contract-pg-'))
      return {
        store,
        staff: store.staff,
        feedback: store.feedback,
        wishes: store.wishes,
        posters: store.postersIn(path.join(dir, 'uploads')),
        async close() {
          await store.close()
          fs.rmSync(dir, { recursive: true, force: true })
        },
      }
    },
  },
  // A real CloudBase environment, only when TCB_ENV_ID, TCB_SECRET_ID and TCB_SECRET_KEY are set.
  ...(require('../support/cloudbase-real') as typeof import('../support/cloudbase-real')).realCloudBaseAdapters(),
]

/** More than one of the CloudBase adapter's gets (100 documents each) can return. */
export const BEYOND_ONE_BATCH = 130

/**
 * Opens a fresh, empty store of `adapter` before each test of the enclosing describe (handed to `set`
 * with the ports beside it) and closes it after.
 * @example let store: Store; openStoreEach(adapter, (s) => (store = s))
 * @example let staff: StaffRepository; openStoreEach(adapter, (_s, ports) => (staff = ports.staff))
 */
export function openStoreEach(adapter: AdapterUnderTest, set: (store: Store, ports: AdapterPorts) => void): void {
  let close = async (): Promise<void> => {}
  beforeEach(async () => {
    const opened = await adapter.open()
    set(opened.store, opened)
    close = () => opened.close()
  })
  afterEach(() => close())
}
