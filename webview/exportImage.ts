/// <reference lib="dom" />
// Exported pictures must look like the panel without its stylesheet or theme variables, so
// each drawn element's computed paint is copied onto it as attributes before serialising.
import { SVG_NS } from './dom';

const PAINT = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'fill-opacity', 'stroke-opacity', 'font-family', 'font-size', 'font-weight'] as const;

export function exportSvg(viewport: SVGGElement, width: number, height: number): string {
  const pad = 8;
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width + 2 * pad));
  out.setAttribute('height', String(height + 2 * pad));
  out.setAttribute('viewBox', `${-pad} ${-pad} ${width + 2 * pad} ${height + 2 * pad}`);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('x', String(-pad));
  bg.setAttribute('y', String(-pad));
  bg.setAttribute('width', String(width + 2 * pad));
  bg.setAttribute('height', String(height + 2 * pad));
  bg.setAttribute('fill', getComputedStyle(document.body).backgroundColor || '#fff');
  out.appendChild(bg);
  const source = Array.from(viewport.querySelectorAll<SVGElement>('*'));
  const copy = viewport.cloneNode(true) as SVGGElement;
  copy.removeAttribute('transform');
  const copies = Array.from(copy.querySelectorAll<SVGElement>('*'));
  for (let i = 0; i < source.length; i++) {
    const cs = getComputedStyle(source[i]);
    for (const p of PAINT) {
      const v = cs.getPropertyValue(p);
      if (v) copies[i].setAttribute(p, v);
    }
    const marker = cs.getPropertyValue('marker-end');
    if (marker && marker !== 'none') copies[i].setAttribute('marker-end', 'url(#gs-arrow)');
    copies[i].removeAttribute('class');
  }
  out.appendChild(copy);
  return new XMLSerializer().serializeToString(out);
}

/** Rasterise at 2× for a sharp PNG (a data: URL, which the CSP's img-src allows). */
export async function exportPng(svgText: string, width: number, height: number): Promise<string> {
  const scale = Math.min(2, 16000 / Math.max(width, height, 1));
  const img = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the SVG could not be rasterised'));
  });
  img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svgText)))}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil((width + 16) * scale);
  canvas.height = Math.ceil((height + 16) * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0);
  return canvas.toDataURL('image/png');
}
