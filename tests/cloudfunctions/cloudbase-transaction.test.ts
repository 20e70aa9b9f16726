// The adapter's transaction runner (cloud/cloudbase-transaction.ts) through the real wx-server-sdk on
// the local CloudBase server: which failures it runs again and which come out unchanged.

import { runTransaction } from '../../cloud/cloudbase-transaction'
import type { CloudDb } from '../../cloud/cloudbase-types'
import { AppError, fail } from '../../src/domain/errors'
import { freshEnv, startLocalCloudBase } from '../support/cloudbase-sdk'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function open(lifetimeMs: number) {
  const { server, sdk } = await startLocalCloudBase({ transactionLifetimeMs: lifetimeMs })
  const env = freshEnv()
  server.createCollections(env, ['c'])
  const db = sdk.database({ env }) as CloudDb
  await db.collection('c').doc('n').set({ data: { v: 0 } })
  const value = async () => (await db.collection('c').doc('n').get()).data.v
  return { db, value, close: () => server.close() }
}

describe('runTransaction (CloudBase)', () => {
  it('runs a transaction the server expired again, and it commits once', async () => {
    const { db, value, close } = await open(150)
    try {
      let runs = 0
      await runTransaction(db, async (t) => {
        runs++
        await t.collection('c').doc('n').get()
        if (runs === 1) await sleep(300) // outlives the transaction's lifetime
        await t.collection('c').doc('n').update({ data: { v: db.command.inc(1) } })
      })
      expect(runs).toBe(2)
      expect(await value()).toBe(1)
    } finally {
      await close()
    }
  })

  it('lets an expected refusal and a bug out at once, without another run or a write', async () => {
    const { db, value, close } = await open(30_000)
    try {
      for (const thrown of [new AppError(fail('REGISTRATION.FULL').error), new TypeError('bug')]) {
        let runs = 0
        const attempt = runTransaction(db, async (t) => {
          runs++
          await t.collection('c').doc('n').update({ data: { v: db.command.inc(1) } })
          throw thrown
        })
        await expect(attempt).rejects.toBe(thrown)
        expect(runs).toBe(1)
      }
      expect(await value()).toBe(0)
    } finally {
      await close()
    }
  })
})
