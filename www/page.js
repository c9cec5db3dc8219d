// The index page around the element. `index.html?embed` is the iframe form:
// no heading or footer, and the element fills the frame's width (a `#s=…`
// hash, as "Embed…" writes it, picks the network; see urlstate.js).
// The page's one module: it brings in the element and marks the iframe form.

import './backprop-playground.js';

if (new URLSearchParams(location.search).has('embed')) document.documentElement.classList.add('embed');
