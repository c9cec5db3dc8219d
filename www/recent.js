// The Recent menu of the element that owns the URL: the networks this
// browser keeps (saved.js), newest first, each reopened with a click, and
// any entry that could not be read, offered for download as it was stored.

import { h } from './dom.js';

/** One entry in words: where it began, its shape, its step and when it was saved. */
function describe(t, lang, e) {
  const when = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'short', timeStyle: 'short' }).format(e.time);
  return [t.recentFrom[e.from], e.shape, e.step === null ? null : `${t.stepCount} ${e.step}`, when].filter(Boolean).join(' · ');
}

/**
 * The menu, filled each time it opens and when another tab saves.
 * `open(entry)` reopens an entry; `download(id)` saves one set aside.
 */
export function recentMenu(t, lang, saved, { open, download }) {
  const body = h('div', { class: 'menu-body', role: 'menu' });
  const menu = h('details', { class: 'menu recent', 'data-menu': 'recent' },
    h('summary', { class: 'btn quiet small', title: t.recentTitle }, t.recent), body);
  const pick = (run) => () => {
    menu.open = false;
    run();
  };
  const fill = () => {
    const entries = saved.entries().map((e) => h('button', {
      class: 'menu-item', role: 'menuitem', 'data-recent': e.id, 'aria-current': e.id === saved.current ? 'true' : null,
      onclick: pick(() => open(e)),
    }, describe(t, lang, e)));
    const aside = saved.aside().map(({ id }) => h('button', {
      class: 'menu-item aside', role: 'menuitem', 'data-aside': id, onclick: pick(() => download(id)),
    }, t.recentAside));
    body.replaceChildren(...(entries.length ? entries : [h('p', { class: 'menu-note' }, t.recentNone)]), ...aside);
  };
  menu.addEventListener('toggle', () => menu.open && fill());
  saved.changed = () => menu.open && fill();
  return menu;
}
