// One open page as a test sees it: its route and query, the data tree WeChat would render, queries
// by text and by attribute, and the user's gestures (tap, input), all going through the page's `eh`.

import { attrOf, childrenOf, classOf, styleOf, isTextNode, nodePath, pageElement, sidOf, tagOf, textOf, type ShapeTable, type TaroNode } from './taro-shape'
import type { SetDataRecord } from './set-data'

/** A node found on a page, by its stable Taro id; `node` is its state when it was found. */
export interface NodeRef {
  readonly sid: string
  readonly tag: string
  readonly text: string
  readonly className: string
  /** The inline style Taro sends, e.g. `--font-scale: 1.5;`. */
  readonly style: string
  readonly node: TaroNode
  attr(name: string): unknown
}

/** What a page needs from its device to act on it. */
export interface PageHost {
  readonly shape: ShapeTable
  dispatch(page: PageInstance, sid: string, type: string, detail: Record<string, unknown>): void
  settle(): Promise<void>
}

/** The page object WeChat creates from the Page() config, with its data tree. */
export interface PageInstance {
  readonly route: string
  readonly options: Record<string, string>
  readonly data: Record<string, unknown>
  readonly config: Record<string, unknown>
  readonly self: Record<string, any>
  readonly setDataLog: SetDataRecord[]
  title: string
}

type Query = string | RegExp | NodeRef | ((ref: NodeRef) => boolean)

export class PageHandle {
  constructor(
    readonly instance: PageInstance,
    private readonly host: PageHost,
  ) {}

  get route(): string {
    return this.instance.route
  }

  get query(): Record<string, string> {
    return this.instance.options
  }

  /** The navigation bar title: the page json's, or what the page set with setNavigationBarTitle. */
  get title(): string {
    return this.instance.title
  }

  get setDataLog(): readonly SetDataRecord[] {
    return this.instance.setDataLog
  }

  /** The page element (`root.cn.[0]`), or null before the first render. */
  root(): TaroNode | null {
    return pageElement(this.instance.data)
  }

  /** All text on the page, in document order. */
  text(): string {
    const root = this.root()
    return root ? textOf(this.host.shape, root) : ''
  }

  has(text: string | RegExp): boolean {
    const t = this.text()
    return typeof text === 'string' ? t.includes(text) : text.test(t)
  }

  private ref(node: TaroNode): NodeRef {
    const shape = this.host.shape
    return {
      sid: sidOf(node),
      tag: tagOf(shape, node),
      text: textOf(shape, node),
      className: classOf(node),
      style: styleOf(node),
      node,
      attr: (name) => attrOf(shape, node, name),
    }
  }

  /** Every element (not text node) for which `match` holds, in document order; inside `within` when given. */
  all(match: (ref: NodeRef) => boolean = () => true, within?: NodeRef): NodeRef[] {
    const out: NodeRef[] = []
    const walk = (n: TaroNode) => {
      if (isTextNode(this.host.shape, n)) return
      const r = this.ref(n)
      if (match(r)) out.push(r)
      childrenOf(n).forEach(walk)
    }
    const root = within ? this.current(within) : this.root()
    if (root) walk(root)
    return out
  }

  /** The element a ref was found as, in the current tree (null once it is gone). */
  private current(ref: NodeRef): TaroNode | null {
    let found: TaroNode | null = null
    const walk = (n: TaroNode): void => {
      if (found) return
      if (sidOf(n) === ref.sid) found = n
      else childrenOf(n).forEach(walk)
    }
    const root = this.root()
    if (root) walk(root)
    return found
  }

  /**
   * The innermost elements whose text is `text` (exactly, trimmed), or matches the RegExp; where a
   * user's finger lands when they tap on those words.
   */
  findAllByText(text: string | RegExp, within?: NodeRef): NodeRef[] {
    const hit = (r: NodeRef) => (typeof text === 'string' ? r.text.trim() === text : text.test(r.text))
    const matches = this.all(hit, within)
    const sids = new Set(matches.map((m) => m.sid))
    // Keep the innermost: drop a match that has a matching element below it.
    return matches.filter((m) => !this.descendants(m.node).some((d) => sids.has(sidOf(d))))
  }

  private descendants(node: TaroNode): TaroNode[] {
    return childrenOf(node).flatMap((c) => (isTextNode(this.host.shape, c) ? [] : [c, ...this.descendants(c)]))
  }

  /** Exactly one element for the query (inside `within` when given); throws with the page's text otherwise. */
  get(q: Query, within?: NodeRef): NodeRef {
    const found = this.resolve(q, within)
    if (found.length !== 1) {
      throw new Error(`${this.route}: expected one element for ${describe(q)}, found ${found.length}. Page text:\n${this.text()}`)
    }
    return found[0]
  }

  private resolve(q: Query, within?: NodeRef): NodeRef[] {
    if (typeof q === 'string' || q instanceof RegExp) return this.findAllByText(q, within)
    if (typeof q === 'function') return this.all(q, within)
    // A ref found earlier: the same element in the current tree.
    return this.all((r) => r.sid === q.sid, within)
  }

  /** Where an element sits in the page data, as setData path segments. */
  dataPath(q: Query): (string | number)[] {
    const path = nodePath(this.instance.data, this.get(q).sid)
    if (!path) throw new Error(`${this.route}: element not in the page data`)
    return path
  }

  /** Elements whose class list has `name`. */
  byClass(name: string): NodeRef[] {
    return this.all((r) => r.className.split(/\s+/).includes(name))
  }

  /** Taps an element (bubbling through every ancestor WeChat binds `tap` on) and waits for the page to settle. */
  async tap(q: Query, within?: NodeRef): Promise<void> {
    const ref = this.get(q, within)
    this.host.dispatch(this.instance, ref.sid, 'tap', { x: 0, y: 0 })
    await this.host.settle()
  }

  /** Sets an input's value in one go (as pasting does): one `input` event. */
  async input(q: Query, value: string): Promise<void> {
    const ref = this.get(q)
    this.host.dispatch(this.instance, ref.sid, 'input', { value, cursor: value.length, keyCode: value ? value.charCodeAt(value.length - 1) : 8 })
    await this.host.settle()
  }

  /** Types `chars` one character at a time after what the input holds: one `input` event per key. */
  async type(q: Query, chars: string, start = ''): Promise<void> {
    let value = start
    for (const ch of chars) {
      value += ch
      const ref = this.get(q)
      this.host.dispatch(this.instance, ref.sid, 'input', { value, cursor: value.length, keyCode: ch.charCodeAt(0) })
      await this.host.settle()
    }
  }

  /** The keyboard's 完成 / 确认 key on an input. */
  async confirm(q: Query): Promise<void> {
    const ref = this.get(q)
    this.host.dispatch(this.instance, ref.sid, 'confirm', { value: String(ref.attr('value') ?? '') })
    await this.host.settle()
  }

  /** What WeChat gets from the page when the user picks 转发 in the ⋯ menu; undefined when the page has no handler. */
  shareAppMessage(): Record<string, unknown> | undefined {
    const fn = this.instance.self.onShareAppMessage
    return typeof fn === 'function' ? fn.call(this.instance.self, { from: 'menu', target: undefined }) : undefined
  }

  /** What WeChat gets from the page for 分享到朋友圈; undefined when the page has no handler. */
  shareTimeline(): Record<string, unknown> | undefined {
    const fn = this.instance.self.onShareTimeline
    return typeof fn === 'function' ? fn.call(this.instance.self) : undefined
  }

  async pullDownRefresh(): Promise<void> {
    this.instance.self.onPullDownRefresh?.call(this.instance.self)
    await this.host.settle()
  }

  async reachBottom(): Promise<void> {
    this.instance.self.onReachBottom?.call(this.instance.self)
    await this.host.settle()
  }
}

function describe(q: Query): string {
  if (typeof q === 'string') return JSON.stringify(q)
  if (q instanceof RegExp) return String(q)
  if (typeof q === 'function') return 'a predicate'
  return `sid ${q.sid}`
}
