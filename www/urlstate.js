// The state in the address bar and in localStorage, for the one element a
// page marks with `url-state`: a reload, a bookmark or a shared link opens
// the same network, bit for bit. The hash is
//
//   #s=1.<base64url>&lang=zh&notation=compact&digits=6&sample=2
//
// where `s` is the core's compact link (docs/format.md, "Links") and the rest
// are display settings. Everything read here is data: the core unpacks and
// checks the state, and each setting must be one of a few known values.

import { Core, stateFromLink } from './core.js';
import { h } from './dom.js';
import { fitsText, parseState } from './input.js';
import { excerpt, pageError } from './strings.js';

// Often enough that a reload right after a change keeps it, rarely enough
// that dragging a slider does not rewrite the address on every event.
const DELAY = 300;

// The display settings the hash carries: what each accepts, and how it is read.
const VIEW = {
  lang: { allowed: ['en', 'zh'] },
  notation: { allowed: ['seed', 'compact'] },
  digits: { allowed: ['2', '3', '4', '5', '6', '7', '8', '9'], read: Number },
  sample: { allowed: ['0', '1', '2', '…'], ok: (v) => /^\d{1,5}$/.test(v), read: Number },
};

/** A value the link gave for `key` that is not one of its values. */
const refused = (key, allowed, got) => pageError('not_one_of', key, { allowed, got: excerpt(got) });

/** Whether this element owns the address bar and the saved state. */
export const ownsUrl = (el) => el.hasAttribute('url-state');

/** `url-state="hash"` keeps the hash only: an iframe shares the site's storage and must not overwrite it. */
export const stores = (el) => ownsUrl(el) && el.getAttribute('url-state') !== 'hash';

/** The hash's parameters (an empty set when there is no hash). */
function hashParams() {
  return new URLSearchParams(location.hash.replace(/^#/, ''));
}

/**
 * Reads what a hash or saved string holds: the state object (null when it
 * has no `s`), the display settings that passed their check, the optional
 * `phase` and `sel`, and an error for each setting that did not.
 * Throws the core's error when `s` is damaged.
 */
function unpack(params) {
  const link = params.get('s');
  if (link !== null) fitsText(link, 'max_state_bytes', 'link');
  const state = link === null ? null : stateFromLink(link);
  const view = {};
  const problems = [];
  for (const [key, { allowed, ok, read }] of Object.entries(VIEW)) {
    const v = params.get(key);
    if (v === null) continue;
    if (ok ? ok(v) : allowed.includes(v)) view[key] = read ? read(v) : v;
    else problems.push(refused(key, allowed, v));
  }
  return { state, view, phase: params.get('phase'), sel: params.get('sel'), problems };
}

/**
 * Chooses what the element starts with and loads it into a new Core. The
 * URL owner tries its hash, then its most recent saved work (`saved`, a
 * Saved); every element then tries its `state` attribute (a link or state
 * JSON), then `fallback` (a state object: the preset or a `src` file). A
 * source that fails adds a notice `{ key, detail, aside }` (a strings key,
 * the core's error, and for saved work the id it was set aside under) and
 * the next one is tried, so the page is never left blank. Returns `{ core,
 * baseline, view, phase, sel, notices }`, `baseline` the JSON text Reset
 * returns to.
 */
export function startCore(el, fallback, saved = null) {
  const notices = [];
  const tries = [];
  let entry = null; // the saved work being tried
  if (ownsUrl(el)) {
    tries.push(['badLink', () => hashParams()]);
    if (saved) {
      tries.push(['badStored', () => {
        entry = saved.resume();
        for (const { id, text } of saved.takeSetAside()) {
          notices.push({ key: 'badStored', detail: pageError('saved_link', 'saved', { got: excerpt(text) }), aside: id });
        }
        if (entry === null) return null;
        return new URLSearchParams(entry.hash);
      }]);
    }
  }
  const attr = el.getAttribute('state');
  if (attr !== null) {
    tries.push(['badAttribute', () => {
      const text = attr.trim();
      return text.startsWith('{') ? { state: parseState(text) } : new URLSearchParams({ s: text });
    }]);
  }
  for (const [key, source] of tries) {
    let core = null;
    let found = null;
    try {
      const params = source();
      if (params === null) continue;
      found = params instanceof URLSearchParams ? unpack(params) : { ...params, view: {}, problems: [] };
      if (found.state === null) {
        // A hash with settings but no state still sets the view.
        if (key === 'badLink') addProblems(notices, found.problems);
        continue;
      }
      core = new Core(found.state);
    } catch (err) {
      const aside = key === 'badStored' && entry ? saved.setAside({ id: entry.id, text: JSON.stringify(entry) }) : null;
      saved?.takeSetAside();
      notices.push({ key, detail: err, aside });
      continue;
    }
    const fromSaved = key === 'badStored';
    // A saved setting that fails its check is dropped quietly: the page wrote it.
    if (!fromSaved) addProblems(notices, found.problems);
    if (key === 'badLink') saved?.opened(location.hash.replace(/^#/, ''), found.state.layers.join('-'), found.state.step);
    else if (!fromSaved) saved?.startFresh(core.link());
    // Settings typed into the hash win over saved ones.
    const view = fromSaved ? { ...found.view, ...hashView(el) } : found.view;
    // A link or attribute is what Reset returns to; saved work resets to the preset.
    return { ...found, view, core, baseline: fromSaved ? JSON.stringify(fallback) : core.stateJson(), notices };
  }
  const core = new Core(fallback);
  saved?.startFresh(core.link());
  return { core, baseline: core.stateJson(), view: hashView(el), phase: null, sel: null, notices };
}

/** Adds refused settings to the one `badParam` notice, so the banner lists them all. */
function addProblems(notices, problems) {
  if (!problems.length) return;
  const notice = notices.find((n) => n.key === 'badParam');
  if (notice) notice.detail.push(...problems);
  else notices.push({ key: 'badParam', detail: [...problems] });
}

/** The display settings in the owner's hash, without its state. */
function hashView(el) {
  if (!ownsUrl(el)) return {};
  const params = hashParams();
  params.delete('s');
  return unpack(params).view;
}

/** The hash for the element's current state and view: the full page's own, and a figure's link to it. */
export function hashFor(el) {
  const p = new URLSearchParams();
  const link = el.link();
  // A link is letters, digits, - _ and . only, which need no escape: a big
  // data set's, some 300 KB, goes in as it is rather than through the encoder.
  const plain = /^[\w.-]*$/.test(link);
  if (!plain) p.set('s', link);
  if ('phase' in el && typeof el.phase === 'string' && el.phase !== 'idle') p.set('phase', el.phase);
  if ('selected' in el && typeof el.selected === 'string' && el.selected) p.set('sel', el.selected);
  for (const key of Object.keys(VIEW)) p.set(key, String(el.view[key]));
  return plain ? [`s=${link}`, p.toString()].filter(Boolean).join('&') : p.toString();
}

/** What the Recent list says of the element's network: `{ hash, shape, step }`. */
function summary(el, hash) {
  const { layers, step } = el.summary;
  return { hash, shape: layers.join('-'), step };
}

/**
 * Keeps the address bar and the saved work (`saved`, a Saved, or null) in
 * step with `el`, a moment after each change and not while Play runs
 * (written once it pauses), and loads a hash the visitor types or follows.
 * `show(key, detail, aside)` reports a refused hash or saved entry.
 * Returns `{ flush, reopen }`: `flush()` writes at once and gives the
 * page's URL; `reopen(entry)` loads a saved entry and goes on saving to it.
 */
export function keepInUrl(el, show, saved = null) {
  let timer = 0;
  let saving = 0; // the saved copy's own task, pending
  let written = location.hash.replace(/^#/, '');
  // Saves the element's work as `hash` holds it, at once or in a task of its
  // own: on a big data set the address bar and the saved copy each take tens of ms.
  const save = (hash, now) => {
    clearTimeout(saving);
    saving = 0;
    if (!saved) return;
    const entry = summary(el, hash);
    if (now) saved.save(entry);
    else {
      saving = setTimeout(() => {
        saving = 0;
        saved.save(entry);
      });
    }
  };
  const write = (now = true) => {
    clearTimeout(timer);
    timer = 0;
    const hash = hashFor(el);
    if (hash !== written) {
      written = hash;
      try {
        // replaceState: the back button leaves the page instead of replaying every edit.
        history.replaceState(history.state, '', `#${hash}`);
      } catch {
        // A sandboxed frame may refuse; the saved entry below still keeps the work.
      }
    }
    save(hash, now);
    return location.href;
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => (el.playing ? later() : write(false)), DELAY);
  };
  el.addEventListener('change', later);
  // Selecting a parameter sends no change event; a click or key may have.
  el.addEventListener('click', later);
  el.addEventListener('keyup', later);
  // Leaving within the delay would lose the last change.
  addEventListener('pagehide', () => (timer || saving) && write());

  /** Loads the state and view `params` hold; the current work is saved first, in its own entry. */
  const load = (params, next) => {
    const found = unpack(params);
    if (found.state !== null && params.get('s') !== el.link()) {
      clearTimeout(timer);
      save(hashFor(el), true);
      el.state = found.state;
      next?.(found.state);
    }
    const notices = [];
    addProblems(notices, found.problems);
    applyView(el, found, notices);
    for (const { key, detail } of notices) show(key, detail);
  };
  addEventListener('hashchange', () => {
    const hash = location.hash.replace(/^#/, '');
    if (hash === written) return;
    written = hash;
    try {
      // A link followed while the page is open is a new entry, as it is when the page opens with it.
      load(hashParams(), (state) => saved?.opened(hash, state.layers.join('-'), state.step));
    } catch (err) {
      show('badLink', err);
    }
  });
  const reopen = (entry) => {
    try {
      load(new URLSearchParams(entry.hash));
    } catch (err) {
      show('badStored', err, saved.setAside({ id: entry.id, text: JSON.stringify(entry) }));
      saved.takeSetAside();
      return;
    }
    saved.follow(entry);
    write();
  };
  return { flush: write, reopen };
}

// What each phase a link names shows again: a walk's phase opens at the
// button pass that computes its values.
const SHOW = { forward: 'forward', loss: 'forward', update: 'forward', backward: 'backward' };

/**
 * Sets the display settings, phase and selection a link carried, where the
 * element has them; a phase or parameter it refuses adds to `notices`.
 */
export function applyView(el, { view, phase, sel }, notices = []) {
  for (const [key, v] of Object.entries(view ?? {})) {
    if (key === 'sample' && v >= el.state.samples.length) continue; // a link made for more samples
    el.view[key] = v;
  }
  const problems = [];
  if (phase && 'phase' in el && phase !== 'idle') {
    if (SHOW[phase]) el[SHOW[phase]]();
    else problems.push(refused('phase', [...Object.keys(SHOW), 'idle'], phase));
  }
  if (sel && typeof el.select === 'function') {
    try {
      el.select(sel);
    } catch {
      problems.push(pageError('not_a_param', 'sel', { name: sel }));
    }
  }
  addProblems(notices, problems);
  return notices;
}

/**
 * The Copy link button, and the read-only field that shows the link when
 * the clipboard cannot be written. `flush()` gives the current URL.
 */
export function linkControls(t, flush) {
  const field = h('input', { type: 'text', readonly: true, class: 'link-field', 'aria-label': t.copyManually, spellcheck: 'false' });
  const box = h('div', { class: 'link-box', hidden: true },
    h('label', {}, h('span', {}, t.copyManually), field),
    h('button', { type: 'button', class: 'icon-btn', 'aria-label': `× ${t.dismiss}`, title: t.dismiss, onclick: () => (box.hidden = true) }, '×'));
  let reset = 0;
  const button = h('button', {
    class: 'btn quiet small copy-link', type: 'button', 'data-action': 'copy-link', title: t.linkTitle,
    onclick: async () => {
      const url = flush();
      try {
        if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
        await navigator.clipboard.writeText(url);
        box.hidden = true;
        button.textContent = t.linkCopied;
        clearTimeout(reset);
        reset = setTimeout(() => (button.textContent = t.copyLink), 2000);
      } catch {
        field.value = url;
        box.hidden = false;
        field.focus();
        field.select();
      }
    },
  }, t.copyLink);
  return { button, box };
}
