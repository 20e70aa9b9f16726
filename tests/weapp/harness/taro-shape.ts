// Everything the harness knows about Taro's internal node shape, in one place: a Taro upgrade that
// renames a shortcut or changes the templates is a change to this file only.
//
// Taro (4.x) renders a page as one data tree under `root`, sent with path-keyed setData
// (`root.cn.[0].cn.[2].v`). Each node is { nn: <component number>, sid, uid?, cn: children, cl: class,
// st: style, v: text (text nodes), p0..pN: attributes compressed per component }. base.wxml holds one
// template per component number (`tmpl_<depth>_<nn>`), which says what the number renders as, which
// attribute each `pN` is, and which events the element binds to the page's `eh` handler.

import fs from 'node:fs'
import path from 'node:path'

/** A node of the page's data tree as Taro sends it. */
export type TaroNode = Record<string, unknown>

/** Taro's shortcuts (Shortcuts in @tarojs/shared). */
const CHILDREN = 'cn'
const NODE_NAME = 'nn'
const TEXT = 'v'
const CLASS = 'cl'
const STYLE = 'st'
const SID = 'sid'
const UID = 'uid'

/** The page data key Taro renders from, and the setData path of the page element (first render). */
export const ROOT_KEY = 'root'

/** setData keys that send the whole page again (Taro's first render, or a full re-render). */
export const WHOLE_PAGE_PATHS: readonly string[] = ['root', 'root.cn', 'root.cn.[0]', 'root.cn[0]']

/** The method every template binds events to (`bindtap="eh"`). */
export const EVENT_HANDLER = 'eh'

/** What one component number renders as, per base.wxml. */
export interface ComponentTemplate {
  readonly nn: string
  /** The WXML tag: view, text, button, input, image, ... ('#text' for text nodes). */
  readonly tag: string
  /** Attribute name → the key it is read from in the node (`disabled` → `p2`). */
  readonly attrs: Readonly<Record<string, string>>
  /** Events bound to `eh`, by name ('tap', 'input', ...), and whether they are catch-bound. */
  readonly events: Readonly<Record<string, 'bind' | 'catch'>>
}

export interface ShapeTable {
  readonly byNn: ReadonlyMap<string, ComponentTemplate>
  readonly textNn: string
}

const cache = new Map<string, ShapeTable>()

/** Parses `base.wxml` of a build into the component table (cached per build directory). */
export function shapeOf(dist: string): ShapeTable {
  const file = path.join(dist, 'base.wxml')
  const hit = cache.get(file)
  if (hit) return hit
  const wxml = fs.readFileSync(file, 'utf8')
  const templates = new Map<string, string>()
  for (const m of wxml.matchAll(/<template name="([^"]+)">([\s\S]*?)\n<\/template>/g)) templates.set(m[1], m[2].trim())
  const byNn = new Map<string, ComponentTemplate>()
  let textNn = ''
  for (const [name, rawBody] of templates) {
    const m = /^tmpl_0_([A-Za-z0-9-]+)$/.exec(name)
    if (!m) continue
    const nn = m[1]
    let body = rawBody
    // Input and textarea pick a focus or blur variant at run time; both bind the same events.
    if (/^<template is="\{\{xs\.c\(/.test(body)) body = templates.get(`${name}_blur`) ?? templates.get(`${name}_focus`) ?? body
    if (/^<block>\{\{i\.v\}\}<\/block>$/.test(body)) {
      textNn = nn
      byNn.set(nn, { nn, tag: '#text', attrs: {}, events: {} })
      continue
    }
    const open = /^<([a-z-]+)([^>]*)>/.exec(body)
    if (!open) continue
    const attrs: Record<string, string> = {}
    const events: Record<string, 'bind' | 'catch'> = {}
    for (const a of open[2].matchAll(/([a-zA-Z:-]+)="([^"]*)"/g)) {
      const [, attr, value] = a
      const ev = /^(bind|catch)([a-z]+)$/.exec(attr)
      if (ev && value === EVENT_HANDLER) {
        events[ev[2]] = ev[1] as 'bind' | 'catch'
        continue
      }
      const key = /\bi\.([A-Za-z0-9]+)/.exec(value)
      if (key) attrs[attr] = key[1]
    }
    byNn.set(nn, { nn, tag: open[1], attrs, events })
  }
  if (!textNn) throw new Error(`${file}: no text-node template found; has Taro's template shape changed?`)
  const table = { byNn, textNn }
  cache.set(file, table)
  return table
}

export const childrenOf = (node: TaroNode): TaroNode[] => (Array.isArray(node[CHILDREN]) ? (node[CHILDREN] as TaroNode[]) : [])

/** The page element: what Taro sends as `root.cn.[0]`. */
export function pageElement(data: Record<string, unknown>): TaroNode | null {
  const root = data[ROOT_KEY] as TaroNode | undefined
  return root ? (childrenOf(root)[0] ?? null) : null
}

/** Where a node sits in the page data, as setData path segments (['root', 'cn', 0, 'cn', 2]), or null. */
export function nodePath(data: Record<string, unknown>, sid: string): (string | number)[] | null {
  const walk = (n: TaroNode, at: (string | number)[]): (string | number)[] | null => {
    if (n[SID] === sid) return at
    const kids = childrenOf(n)
    for (let i = 0; i < kids.length; i++) {
      const hit = walk(kids[i], [...at, CHILDREN, i])
      if (hit) return hit
    }
    return null
  }
  const root = data[ROOT_KEY] as TaroNode | undefined
  if (!root) return null
  const kids = childrenOf(root)
  for (let i = 0; i < kids.length; i++) {
    const hit = walk(kids[i], [ROOT_KEY, CHILDREN, i])
    if (hit) return hit
  }
  return null
}

export const nodeNumber = (node: TaroNode): string => String(node[NODE_NAME] ?? '')

/** The id WeChat gives the element (`id="{{i.uid||i.sid}}"`) and its `data-sid`. */
export function targetOf(node: TaroNode): { id: string; dataset: { sid: string } } {
  const sid = String(node[SID] ?? '')
  return { id: String(node[UID] ?? sid), dataset: { sid } }
}

export const sidOf = (node: TaroNode): string => String(node[SID] ?? '')

export const classOf = (node: TaroNode): string => String(node[CLASS] ?? '')

export const styleOf = (node: TaroNode): string => String(node[STYLE] ?? '')

export function templateOf(shape: ShapeTable, node: TaroNode): ComponentTemplate | null {
  return shape.byNn.get(nodeNumber(node)) ?? null
}

export function isTextNode(shape: ShapeTable, node: TaroNode): boolean {
  return nodeNumber(node) === shape.textNn
}

/** The WXML tag a node renders as ('view', 'button', 'input', '#text'); '' when the build has no template for it. */
export const tagOf = (shape: ShapeTable, node: TaroNode): string => templateOf(shape, node)?.tag ?? ''

/** An attribute by its WXML name (`value`, `disabled`, `open-type`, `placeholder`), or undefined. */
export function attrOf(shape: ShapeTable, node: TaroNode, name: string): unknown {
  if (name === 'class') return node[CLASS]
  if (name === 'style') return node[STYLE]
  if (name === 'id') return node[UID] ?? node[SID]
  const key = templateOf(shape, node)?.attrs[name]
  return key ? node[key] : undefined
}

/** How the element's template binds an event ('tap', 'input', ...): through `bind`, `catch`, or not at all. */
export function binding(shape: ShapeTable, node: TaroNode, event: string): 'bind' | 'catch' | null {
  return templateOf(shape, node)?.events[event] ?? null
}

/** The text WeChat would show for a node: its own text, or its descendants' text joined. */
export function textOf(shape: ShapeTable, node: TaroNode): string {
  if (isTextNode(shape, node)) return String(node[TEXT] ?? '')
  return childrenOf(node)
    .map((c) => textOf(shape, c))
    .join('')
}
