/**
 * A tiny HTML builder for the self-contained reports: every text and attribute escaped, no
 * framework (Next.js keeps react-dom/server out of route code, and a report needs no React).
 */
export type Node = string | SafeHtml | null | undefined | false | Node[];

export class SafeHtml {
  constructor(readonly html: string) {}
}

export const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function render(node: Node): string {
  if (node === null || node === undefined || node === false) return '';
  if (Array.isArray(node)) return node.map(render).join('');
  if (node instanceof SafeHtml) return node.html;
  return escapeHtml(node);
}

/** An element: `h('td', { class: 'bad' }, 'failed')`. Attributes with undefined or false values are left out. */
export function h(tag: string, attributes: Record<string, string | number | boolean | undefined> | null, ...children: Node[]): SafeHtml {
  const attrs = Object.entries(attributes ?? {})
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`))
    .join('');
  const voids = ['meta', 'br', 'line', 'polyline', 'circle', 'img'];
  if (voids.includes(tag) && children.length === 0) return new SafeHtml(`<${tag}${attrs}${tag === 'meta' || tag === 'br' || tag === 'img' ? '' : ' /'}>`);
  return new SafeHtml(`<${tag}${attrs}>${render(children)}</${tag}>`);
}
