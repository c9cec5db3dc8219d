// A message at the top of the element, where the eye already is: a refused
// link, a damaged saved state, training that diverged. It stays until it is
// dismissed or replaced. Text only ever goes in as text.

import { h, setAttr, setText } from './dom.js';
import { excerpt } from './strings.js';

// A message quotes what it refused, and that can be a whole pasted link.
const MAX_DETAIL = 600;

export class Banner {
  #run = null;

  constructor() {
    this.title = h('p', { class: 'banner-title' });
    this.detail = h('p', { class: 'banner-detail' });
    this.close = h('button', { class: 'banner-close', type: 'button', onclick: () => this.hide() }, '×');
    this.action = h('button', { class: 'btn small banner-action', type: 'button', hidden: true, onclick: () => this.#run?.() });
    this.el = h('div', { class: 'banner', role: 'alert', hidden: true },
      h('div', { class: 'banner-text' }, this.title, this.detail, this.action), this.close);
  }

  /** Puts the words of the current language on the dismiss button. */
  setStrings(t) {
    setAttr(this.close, 'aria-label', t.dismiss);
    setAttr(this.close, 'title', t.dismiss);
  }

  /**
   * Shows `title` and, under it, the core's own `detail` (may be empty), and
   * a button when `action` is `{ label, run }`.
   */
  show(title, detail = '', kind = 'error', action = null) {
    const d = String(detail ?? '');
    setText(this.title, title);
    setText(this.detail, excerpt(d, MAX_DETAIL));
    this.detail.hidden = !d;
    this.#run = action?.run ?? null;
    setText(this.action, action?.label ?? '');
    this.action.hidden = !action;
    this.el.dataset.kind = kind;
    this.el.hidden = false;
  }

  hide() {
    this.el.hidden = true;
  }

  /** What the shown message is about (`error`, `diverged`…), or null when hidden. */
  get kind() {
    return this.el.hidden ? null : this.el.dataset.kind;
  }
}
