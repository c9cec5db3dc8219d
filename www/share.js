// Getting a network into and out of the element: its starting state from
// attributes, files (a button or drag and drop), and every export — the
// state as JSON, the diagram as SVG and PNG, the chain rule as Markdown or
// LaTeX, the training log as CSV — and the code to embed it elsewhere.
// Every number comes from the core; this module only moves text around.

import { asError, Core } from './core.js';
import { h } from './dom.js';
import { label } from './format.js';
import { parseState, readResponse } from './input.js';
import { excerpt } from './strings.js';

const BASE = new URL('./', import.meta.url).href;
const LINK_AFTER = 1500; // states longer than this as JSON go into embed code as a link

/**
 * The language: the `lang` attribute, then the page URL (`?lang=zh` or
 * `#…lang=zh`), then a Chinese host page (`<html lang="zh…">`), then the browser.
 */
export function pickLang(el) {
  const hash = new URLSearchParams(location.hash.slice(1));
  const from = [
    el.getAttribute('lang'),
    new URLSearchParams(location.search).get('lang'),
    hash.get('lang'),
    document.documentElement.lang?.startsWith('zh') ? 'zh' : null,
    navigator.language,
  ].find((v) => v);
  return String(from ?? 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/**
 * The state file a `src` attribute names: `{ state }` (an object), `{ error }`
 * (the page's words, or the core's coded Error; shown, never thrown) or `{}`
 * without one. It is fetched relative to the page and must be on the same
 * origin, read only up to the core's `max_state_bytes`, and the core checks
 * it like any state.
 */
export async function fetchState(el, t) {
  const src = el.getAttribute('src');
  if (src === null) return {};
  let url;
  try {
    url = new URL(src, document.baseURI);
  } catch {
    return { error: t.srcOrigin };
  }
  if (url.origin !== location.origin) return { error: t.srcOrigin };
  let res;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) return { error: t.srcFailed(excerpt(src), `HTTP ${res.status}`) };
  } catch (err) {
    return { error: t.srcFailed(excerpt(src), asError(err).message) };
  }
  try {
    const state = parseState(await readResponse(res, 'max_state_bytes', 'src'));
    new Core(state).free();
    return { state };
  } catch (err) {
    return { error: err };
  }
}

// ---- Exports -----------------------------------------------------------

/** Every parameter's name (weights, then biases, layer by layer) for the chain-rule picker. */
export function paramNames(layers) {
  const out = [];
  for (let l = 2; l <= layers.length; l++) {
    for (let j = 1; j <= layers[l - 1]; j++) for (let k = 1; k <= layers[l - 2]; k++) out.push(`w${l}.${j}.${k}`);
  }
  for (let l = 2; l <= layers.length; l++) for (let j = 1; j <= layers[l - 1]; j++) out.push(`b${l}.${j}`);
  return out;
}

/** The training log as CSV: one row per step the core took, with the loss it returned. */
export function logCsv(log) {
  // a thinned log's rows each stand for several steps: say how many, and their range
  const thinned = log.some((r) => 'steps' in r);
  const row = thinned ? (r) => `${r.step},${r.epoch},${r.loss},${r.min},${r.max},${r.steps}` : (r) => `${r.step},${r.epoch},${r.loss}`;
  return [thinned ? 'step,epoch,loss,min,max,steps' : 'step,epoch,loss', ...log.map(row)].join('\n') + '\n';
}

// Computed properties that make the SVG look the same without the stylesheet.
const STYLE_PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linecap',
  'opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'font-variant-numeric', 'text-anchor',
];

/** The live diagram as standalone SVG text: computed styles inlined, hidden parts dropped. */
export function diagramSvg(svg) {
  const copy = svg.cloneNode(true);
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  const drop = [];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') {
      drop.push(to[i]);
      return;
    }
    const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    to[i].setAttribute('style', style);
    to[i].removeAttribute('class');
    to[i].removeAttribute('tabindex');
  });
  // Hidden values stay as elements (with data-name) so tools can read them, just not drawn.
  for (const el of drop) {
    if (el.hasAttribute?.('data-name') || el.querySelector?.('[data-name]')) el.setAttribute('style', 'display:none');
    else el.remove();
  }
  const [, , w, hgt] = svg.getAttribute('viewBox').split(/\s+/).map(Number);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(w));
  copy.setAttribute('height', String(hgt));
  copy.removeAttribute('role');
  copy.insertBefore(document.createElementNS('http://www.w3.org/2000/svg', 'rect'), copy.firstChild);
  const bg = copy.firstChild;
  for (const [k, v] of Object.entries({ x: 0, y: 0, width: w, height: hgt, fill: '#ffffff' })) bg.setAttribute(k, v);
  return new XMLSerializer().serializeToString(copy);
}

/** The SVG text drawn into a canvas at `scale`, as a PNG Blob; no network (a data: URL). */
export async function svgToPng(svgText, width, height, scale = 2) {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('png: the canvas gave no image'))), 'image/png'));
}

/** Saves `data` (text or Blob) as a file called `name`. */
export function download(name, data, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const a = h('a', { href: URL.createObjectURL(blob), download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// ---- Embed code ---------------------------------------------------------

const attr = (v) => String(v).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
// JSON reads best in single quotes: only ' and & need escaping there.
const jsonAttr = (v) => String(v).replaceAll('&', '&amp;').replaceAll("'", '&#39;');

/** The two ways to put the current network in another page: `{ script, iframe }`. */
export function embedCode({ stateJson, link, lang }) {
  const state = stateJson.length <= LINK_AFTER ? stateJson : link;
  const langAttr = lang === 'en' ? '' : ` lang="${lang}"`;
  const script = `<script type="module" src="${BASE}backprop-playground.js"></script>\n` +
    `<backprop-playground${langAttr} state='${jsonAttr(state)}'></backprop-playground>`;
  const query = lang === 'en' ? 'embed' : `embed&lang=${lang}`;
  const iframe = `<iframe src="${attr(`${BASE}index.html?${query}#s=${link}`)}" title="Backprop playground" ` +
    'width="100%" height="640" style="border:0" loading="lazy"></iframe>';
  return { script, iframe };
}

/** The name of a parameter as the picker shows it: the core name and its label. */
export function paramLabel(name, notation, layers) {
  return `${label(name, notation, layers).text}  (${name})`;
}
