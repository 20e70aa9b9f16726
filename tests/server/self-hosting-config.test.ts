// The self-hosted settings: PostgreSQL is chosen by KEPU_DATABASE_URL, and then the signing key must
// come from the environment (a key file would exist on one gateway only).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../server/config'
import { redactedUrl, startServer } from '../../server/main'

describe('self-hosting configuration', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-selfhost-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({ KEPU_DB: path.join(dir, 'kepu.sqlite'), PORT: '0', KEPU_REMINDER_INTERVAL_SECONDS: '0', ...extra })

  it('refuses a database URL without KEPU_SIGNING_KEY before connecting or creating anything', async () => {
    // Port 1 accepts no connections: had the server tried, the error would be ECONNREFUSED.
    await expect(startServer(env({ KEPU_DATABASE_URL: 'postgres://kepu@127.0.0.1:1/kepu' }))).rejects.toThrow(/KEPU_DATABASE_URL is set, so KEPU_SIGNING_KEY is required/)
    expect(fs.existsSync(path.join(dir, 'kepu.sqlite'))).toBe(false)
    expect(fs.existsSync(path.join(dir, 'signing.key'))).toBe(false)
  })

  it('refuses the demo sign-in with a shared database, even on a loopback HOST (gateways sit behind a proxy)', async () => {
    await expect(startServer(env({ KEPU_DATABASE_URL: 'postgres://kepu@127.0.0.1:1/kepu', KEPU_SIGNING_KEY: 'A'.repeat(43), KEPU_DEMO_LOGIN: '1', HOST: '127.0.0.1' }))).rejects.toThrow(/demo sign-in .* KEPU_DATABASE_URL is set/)
  })

  it('refuses a database URL that is not PostgreSQL', async () => {
    await expect(startServer(env({ KEPU_DATABASE_URL: 'mysql://kepu@127.0.0.1/kepu', KEPU_SIGNING_KEY: 'A'.repeat(43) }))).rejects.toThrow(/must be a PostgreSQL URL/)
  })

  it('stays on SQLite without a database URL, and turns the WeChat sign-in on only with both credentials', () => {
    expect(loadConfig({}).databaseUrl).toBeNull()
    expect(loadConfig({ KEPU_DATABASE_URL: '  ' }).databaseUrl).toBeNull()
    expect(loadConfig({ KEPU_DATABASE_URL: 'postgresql://db/kepu' }).databaseUrl).toBe('postgresql://db/kepu')
    expect(loadConfig({ KEPU_WECHAT_APPID: 'wx1' }).wechat).toBeNull()
    expect(loadConfig({ KEPU_WECHAT_APPID: 'wx1', KEPU_WECHAT_SECRET: 's' }).wechat).toEqual({ appId: 'wx1', secret: 's', apiBase: 'https://api.weixin.qq.com' })
    expect(loadConfig({ KEPU_WECHAT_APPID: 'wx1', KEPU_WECHAT_SECRET: 's', KEPU_WECHAT_API_BASE: 'http://127.0.0.1:9/' }).wechat?.apiBase).toBe('http://127.0.0.1:9')
  })

  it('logs a database URL without its password', () => {
    expect(redactedUrl('postgres://kepu:s3cret@db.internal:5432/kepu')).toBe('postgres://kepu:***@db.internal:5432/kepu')
    expect(redactedUrl('postgres://kepu@db/kepu')).toBe('postgres://kepu@db/kepu')
  })
})
