// Downloads of the maps (SVG, PNG) and tables (CSV), made in the page: no server round trip.
//
// The page's CSP (apps/api/src/dashboard/serve-dashboard.ts) allows `img-src 'self' data:` and
// no inline style attributes: the SVG copy carries its computed styles as presentation
// attributes (not style=""), and the PNG is drawn from a data: URL of that copy, so the policy
// needs no change. Downloads go through blob: URLs on an <a download>, a navigation the policy
// does not restrict.
import { h } from '../dom';

/** Presentation properties that the stylesheet sets on the maps. */
const PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linejoin',
  'opacity',
  'paint-order',
  'font-family',
  'font-size',
  'font-weight',
];

/** A standalone copy of a drawn map: styles inlined, the whole graph in view, white behind it. */
export function svgMarkup(svg: SVGSVGElement): { markup: string; width: number; height: number } {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    for (const p of PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) to[i].setAttribute(p, v);
    }
  });
  // The process map is zoomed: the copy shows all of it instead (its size is on the svg).
  const gw = Number(svg.getAttribute('data-graph-width'));
  const gh = Number(svg.getAttribute('data-graph-height'));
  const box = (svg.getAttribute('viewBox') ?? '').split(/\s+/).map(Number);
  const [width, height] = gw > 0 ? [gw, gh] : [box[2] || 800, box[3] || 600];
  copy.querySelector('.viewport')?.removeAttribute('transform');
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  copy.setAttribute('width', String(Math.ceil(width)));
  copy.setAttribute('height', String(Math.ceil(height)));
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of [
    ['width', '100%'],
    ['height', '100%'],
    ['fill', '#ffffff'],
  ])
    bg.setAttribute(k, v);
  copy.insertBefore(bg, copy.firstChild);
  return { markup: new XMLSerializer().serializeToString(copy), width, height };
}

export function download(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const a = h('a', { href, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export function downloadSvg(svg: SVGSVGElement, name: string): void {
  download(new Blob([svgMarkup(svg).markup], { type: 'image/svg+xml' }), `${name}.svg`);
}

/** PNG at twice the size (sharp on high-density screens), at most 8,000 pixels a side. */
export async function downloadPng(svg: SVGSVGElement, name: string): Promise<void> {
  const { markup, width, height } = svgMarkup(svg);
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  await img.decode();
  const scale = Math.min(2, 8000 / Math.max(width, height));
  const canvas = h('canvas', {
    width: Math.ceil(width * scale),
    height: Math.ceil(height * scale),
  });
  const g = canvas.getContext('2d');
  if (!g) throw new Error('This browser cannot draw a PNG.');
  g.scale(scale, scale);
  g.drawImage(img, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  if (!blob) throw new Error('The PNG could not be made.');
  download(blob, `${name}.png`);
}

export function downloadCsv(csv: string, name: string): void {
  // A byte-order mark so spreadsheet programs read the file as UTF-8.
  download(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }), `${name}.csv`);
}
