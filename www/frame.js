// `index.html?embed`, the iframe form: no heading or footer, a lighter set of
// controls, and the network kept in the frame's own hash. Imported before the
// element's module, so the attributes are in place when the element starts.

/** The parts an embedded playground shows: stepping, the walk and the lessons. */
const EMBED_CONTROLS = 'steps,training,history,status,walk,legend,lessons';

if (new URLSearchParams(location.search).has('embed')) {
  const el = document.querySelector('backprop-playground');
  document.documentElement.classList.add('embed');
  // A frame shares the site's storage: keep its network in its own hash only,
  // so it never overwrites the work saved by the full page.
  el.setAttribute('url-state', 'hash');
  if (!el.hasAttribute('controls')) el.setAttribute('controls', EMBED_CONTROLS);
}
