type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el: Element, attrs: Attrs, children: Child[]): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2).toLowerCase(), v);
    } else if (k === 'style') {
      // Never a style attribute: the page's CSP allows styles through the CSSOM only.
      throw new Error('use el.style, not a style attribute');
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
}

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** An HTML element: h('button', { type: 'button', onclick }, 'Save'). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs, children);
  return el;
}

/** An SVG element. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, attrs, children);
  return el;
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/** A page area's states: a spinner, a message for nothing found, an error with its cause. */
export function loading(what: string): HTMLElement {
  return h(
    'p',
    { class: 'state loading', role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    `Loading ${what}…`,
  );
}

export function empty(message: string, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'state empty', role: 'status' },
    h('p', {}, message),
    hint ? h('p', { class: 'hint' }, hint) : null,
  );
}

export function failure(err: unknown, retry?: () => void): HTMLElement {
  const message = err instanceof Error ? err.message : String(err);
  return h(
    'div',
    { class: 'state error', role: 'alert' },
    h('p', {}, message),
    retry ? h('button', { type: 'button', onclick: () => retry() }, 'Try again') : null,
  );
}

/** A labelled form control. */
export function field(label: string, control: HTMLElement): HTMLElement {
  const id = control.id || `f-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

export function select(
  options: { value: string; label: string }[],
  value: string,
): HTMLSelectElement {
  const el = h('select');
  for (const o of options)
    el.append(h('option', { value: o.value, selected: o.value === value }, o.label));
  el.value = value;
  return el;
}
