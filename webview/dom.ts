/// <reference lib="dom" />
// Tiny DOM helpers. Every piece of text from a trace goes in through textContent (never
// innerHTML), so a variable named `<img onerror=…>` shows as those characters.

export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: { class?: string; title?: string; attrs?: Record<string, string> } = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.title) el.title = props.title;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) el.setAttribute(k, v);
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

export function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { title, attrs: { type: 'button' } }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** A two-column table of label → value rows (values as text, or nodes). */
export function table(rows: [string, Child][]): HTMLTableElement {
  const t = h('table');
  for (const [k, v] of rows) {
    if (v === null || v === undefined || v === false || v === '') continue;
    t.appendChild(h('tr', {}, h('td', {}, k), h('td', {}, typeof v === 'string' ? h('code', {}, v) : v)));
  }
  return t;
}
