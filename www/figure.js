// An element without `url-state` is a figure in someone's article. Until its
// reader asks for More, it shows the diagram, the three step buttons, the
// step-by-step walk and the chain rule, with a link that opens the same
// network in the full page. A `controls` attribute names the parts instead.

import { h } from './dom.js';
import { hashFor, ownsUrl } from './urlstate.js';

/** What a figure shows until More: the step buttons, the walk, the chain rule, More and the link. */
export const FIGURE_PARTS = ['steps', 'walk', 'lessons', 'more', 'open'];

/** The smallest scale a figure's diagram is drawn at: its 12 px values at 11 px. Narrower, it scrolls. */
export const FIGURE_SCALE = 11 / 12;

/** Whether `el` is a figure: it neither owns the page's URL nor names its parts. */
export const isFigure = (el) => !ownsUrl(el) && !el.hasAttribute('controls');

/** The full page, next to this module wherever the site is copied. */
const FULL_PAGE = new URL('./index.html', import.meta.url).href;

/** The full page with `el`'s network and view in its hash, as the full page writes its own. */
export const fullPageUrl = (el) => `${FULL_PAGE}#${hashFor(el)}`;

/**
 * The More button and the link to the full page. `toggle()` is More's
 * action; the link takes the network as it is whenever it is about to be
 * used (pointed at, focused, pressed or clicked), so it never lags behind.
 */
export function figureBar(t, el, toggle) {
  const more = h('button', { class: 'btn more', type: 'button', 'data-panel': 'more', 'data-figure': 'more', 'aria-expanded': 'false', onclick: toggle });
  const open = h('a', { class: 'btn quiet full-page', 'data-panel': 'open', 'data-figure': 'open', target: '_blank', rel: 'noopener', title: t.fullPageTitle }, t.fullPage);
  const follow = () => open.setAttribute('href', fullPageUrl(el));
  // A click comes before the browser follows the link, from the keyboard too (a shortcut may have changed the network since focus).
  for (const type of ['pointerenter', 'focus', 'pointerdown', 'click']) open.addEventListener(type, follow);
  follow();
  /** Words More for the figure's state: `expanded` shows everything, and the button then reads Less. */
  const sync = (expanded) => {
    more.textContent = expanded ? t.less : t.moreParts;
    more.title = expanded ? t.lessTitle : t.moreTitle;
    more.setAttribute('aria-expanded', String(expanded));
  };
  sync(false);
  return { el: h('div', { class: 'group figure-bar' }, more, open), sync };
}
