// The built mini-program on disk (dist/weapp): where it is, its app.json and each page's json.

import fs from 'node:fs'
import path from 'node:path'

export const WEAPP_DIST = path.resolve(__dirname, '../../../dist/weapp')

export interface SubPackage {
  readonly root: string
  readonly pages: readonly string[]
}

/** The parts of app.json the harness reads. */
export interface AppJson {
  readonly pages: readonly string[]
  readonly subPackages?: readonly SubPackage[]
  readonly subpackages?: readonly SubPackage[]
  readonly window?: Record<string, unknown>
  readonly tabBar?: { readonly list: readonly { readonly pagePath: string; readonly text: string }[] }
  readonly __usePrivacyCheck__?: boolean
  readonly [key: string]: unknown
}

export interface PageJson {
  readonly navigationBarTitleText?: string
  readonly usingComponents?: Record<string, string>
  readonly [key: string]: unknown
}

/** Fails with the command to run when there is no build to load. */
export function assertBuilt(dist: string = WEAPP_DIST): void {
  if (!fs.existsSync(path.join(dist, 'app.json'))) {
    throw new Error(`No weapp build at ${dist}. Run: NODE_ENV=production npx taro build --type weapp`)
  }
}

export function readAppJson(dist: string = WEAPP_DIST): AppJson {
  assertBuilt(dist)
  return JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as AppJson
}

/** Every page route of app.json, main package first, then each subpackage's pages under its root. */
export function allRoutes(app: AppJson = readAppJson()): string[] {
  const subs = app.subPackages ?? app.subpackages ?? []
  return [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/+$/, '')}/${p}`))]
}

export function readPageJson(route: string, dist: string = WEAPP_DIST): PageJson {
  const file = path.join(dist, `${route}.json`)
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as PageJson) : {}
}

/** The title WeChat puts in the navigation bar before the page changes it: the page's, else the app window's. */
export function configuredTitle(route: string, app: AppJson = readAppJson(), dist: string = WEAPP_DIST): string {
  const own = readPageJson(route, dist).navigationBarTitleText
  return own ?? String(app.window?.navigationBarTitleText ?? '')
}

/** Splits `/pages/a/index?x=1&y=2` into its route and its query, the way WeChat hands them to onLoad (values not decoded). */
export function parseUrl(url: string, from?: string): { route: string; query: Record<string, string> } {
  const [rawPath, rawQuery = ''] = url.split('?', 2)
  let route = rawPath
  if (!route.startsWith('/') && from) {
    // Relative to the current page's folder, as wx.navigateTo allows.
    route = path.posix.join(path.posix.dirname(from), route)
  }
  route = route.replace(/^\/+/, '')
  const query: Record<string, string> = {}
  for (const part of rawQuery.split('&')) {
    if (!part) continue
    const eq = part.indexOf('=')
    if (eq < 0) query[part] = ''
    else query[part.slice(0, eq)] = part.slice(eq + 1)
  }
  return { route, query }
}
