// Formulas typeset with KaTeX. The LaTeX always comes from the core, never
// from user text. KaTeX's stylesheet goes inside the shadow root (its
// layout rules) and once into the document too: Chromium ignores
// @font-face inside a shadow root, so the fonts are declared outside.

import { h } from './dom.js';
import { scrollCue } from './scrollcue.js';

let katex = null;
let loading = null;

/** KaTeX's minified build, next to this module wherever the site is copied. */
const KATEX_JS = new URL('./vendor/katex/katex.min.js', import.meta.url).href;

/**
 * KaTeX, fetched when the first formula is shown: a figure that shows none
 * never downloads it. Its minified build is a classic script that defines
 * `katex`; it is loaded once for the whole page.
 */
export function texReady() {
  loading ??= new Promise((ok, fail) => {
    if (globalThis.katex) return ok();
    const script = h('script', { src: KATEX_JS });
    script.addEventListener('load', ok, { once: true });
    script.addEventListener('error', () => fail(new Error(`KaTeX could not be loaded from ${KATEX_JS}`)), { once: true });
    document.head.append(script);
  }).then(() => (katex = globalThis.katex));
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
