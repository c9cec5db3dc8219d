// The index page around the element. `index.html?embed` is the iframe form:
// no heading or footer, and the element fills the frame's width (a `#s=…`
// hash, as "Embed…" writes it, picks the network; see urlstate.js).
// The page's one module: it brings in the element, marks the iframe form,
// and words the heading in the element's language.

import './backprop-playground.js';
import { strings } from './strings.js';

if (new URLSearchParams(location.search).has('embed')) document.documentElement.classList.add('embed');

/** Text runs with every other one in `tag`: ['a ', 'b', ' c'] → a <b>b</b> c. */
function runs(parts, tag) {
  return parts.map((text, i) => {
    if (i % 2 === 0) return document.createTextNode(text);
    const el = document.createElement(tag);
    el.textContent = text;
    return el;
  });
}

function translate(lang) {
  const t = strings(lang);
  document.title = t.pageTitle;
  document.querySelector('header h1').textContent = t.pageTitle;
  document.querySelector('header p').replaceChildren(...runs(t.pageIntro, 'b'));
  document.querySelector('footer a').textContent = t.pageEmbed;
  document.querySelector('footer span').replaceChildren(...runs(t.pageKeys, 'kbd'));
}

const el = document.querySelector('backprop-playground');
el.ready.then(() => {
  let lang = el.view.lang;
  translate(lang);
  el.addEventListener('change', () => {
    if (el.view.lang !== lang) translate((lang = el.view.lang));
  });
}, () => {});
