// Taro renders <Button> as <taro-button-core> and our tappable Views (ariaRole='button' | 'link') as
// <taro-view-core>: neither is focusable nor announced as a button, so keyboard and screen-reader users
// could not reach them (axe: scrollable-region-focusable). This marks them focusable, gives Taro buttons
// their role and disabled state, and turns Enter/Space on a focused one into a click.

const TAPPABLE = 'taro-button-core, [role="button"], [role="link"]'

function mark(el: Element): void {
  if (el.tagName === 'TARO-BUTTON-CORE') {
    if (!el.hasAttribute('role')) el.setAttribute('role', 'button')
    const disabled = el.hasAttribute('disabled')
    el.setAttribute('aria-disabled', String(disabled))
    el.setAttribute('tabindex', disabled ? '-1' : '0')
  } else if (!el.hasAttribute('tabindex')) {
    el.setAttribute('tabindex', '0')
  }
}

function markTree(node: Node): void {
  if (!(node instanceof Element)) return
  if (node.matches(TAPPABLE)) mark(node)
  node.querySelectorAll(TAPPABLE).forEach(mark)
}

let installed = false

export function installKeyboardAccess(): void {
  if (installed || typeof document === 'undefined' || typeof MutationObserver === 'undefined') return
  installed = true
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') markTree(r.target)
      else r.addedNodes.forEach(markTree)
    }
  })
  observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'role'] })
  markTree(document.documentElement)
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return
    const target = e.target
    if (!(target instanceof HTMLElement) || !target.matches(TAPPABLE) || target.getAttribute('aria-disabled') === 'true') return
    e.preventDefault()
    target.click()
  })
}
