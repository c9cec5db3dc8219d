// The index page around the element: its one module. It marks the iframe
// form (frame.js, before the element starts), then words the heading in the
// element's language.

import './frame.js';
import './backprop-playground.js';
import { loadStrings, strings } from './strings.js';

/** Text runs with every other one in `tag`: ['a ', 'b', ' c'] → a <b>b</b> c. */
function runs(parts, tag) {
  return parts.map((text, i) => {
    if (i % 2 === 0) return document.createTextNode(text);
    const node = document.createElement(tag);
    node.textContent = text;
    return node;
  });
}

async function translate(lang) {
  await loadStrings(lang);
  if (el.view.lang !== lang) return; // another language came meanwhile
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
