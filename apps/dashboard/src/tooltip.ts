// One tooltip for the page, shown on hover and on keyboard focus of chart elements.

let tip: HTMLElement | null = null;

function element(): HTMLElement {
  tip ??= document.getElementById('tooltip');
  if (!tip) throw new Error('no #tooltip element');
  return tip;
}

export function showTooltip(content: Node, at: { x: number; y: number }): void {
  const el = element();
  el.replaceChildren(content);
  el.hidden = false;
  const pad = 14;
  const { width, height } = el.getBoundingClientRect();
  const x = Math.min(at.x + pad, window.innerWidth - width - 4);
  const y = at.y + pad + height > window.innerHeight ? at.y - height - pad : at.y + pad;
  el.style.left = `${Math.max(4, x) + window.scrollX}px`;
  el.style.top = `${Math.max(4, y) + window.scrollY}px`;
}

export function hideTooltip(): void {
  element().hidden = true;
}

/** Hover and focus show `content()` beside the element; leaving or blurring hides it. */
export function withTooltip(el: Element, content: () => Node): void {
  el.addEventListener('mousemove', (e) => {
    const m = e as MouseEvent;
    showTooltip(content(), { x: m.clientX, y: m.clientY });
  });
  el.addEventListener('mouseleave', hideTooltip);
  el.addEventListener('focus', () => {
    const r = el.getBoundingClientRect();
    showTooltip(content(), { x: r.left + r.width / 2, y: r.top + r.height / 2 });
  });
  el.addEventListener('blur', hideTooltip);
}
