// Formulas typeset with KaTeX. The LaTeX always comes from the core, never
// from user text. KaTeX's stylesheet goes inside the shadow root (its
// layout rules) and once into the document too: Chromium ignores
// @font-face inside a shadow root, so the fonts are declared outside.

import { h } from './dom.js';
import { scrollCue } from './scrollcue.js';

let katex = null;
let loading = null;
/**
 * KaTeX, fetched on first use. The element asks for it once the network is
 * drawn, so its 600 KB never compete with the wasm core for the first drawing.
 */
export function texReady() {
  loading ??= import('./vendor/katex/katex.mjs').then((m) => (katex = m.default));
  return loading;
}

/** KaTeX's stylesheet, next to this module wherever the site is copied. */
export const KATEX_CSS = new URL('./vendor/katex/katex.min.css', import.meta.url).href;

/** Declares KaTeX's fonts in the document once. */
export function declareFonts() {
  if (document.querySelector('link[data-katex-fonts]')) return;
  document.head.append(h('link', { rel: 'stylesheet', href: KATEX_CSS, 'data-katex-fonts': '' }));
}

/** A span holding `latex` typeset; `display` centres it on its own line. */
export function tex(latex, display = false) {
  const el = h('span', { class: display ? 'tex display' : 'tex' });
  if (display) scrollCue(el); // a long formula scrolls on a phone
  const draw = () => katex.render(latex, el, { displayMode: display, throwOnError: false });
  if (katex) draw();
  else texReady().then(draw);
  return el;
}
