// Recent networks in localStorage, for the element that owns the URL. Each
// entry has its own key, and each tab writes only the entry it continues, so
// a link opened in one tab never replaces the work saved by another:
//
//   backprop-playground:recent:<id>  {"hash","from","time","shape","step","edited","tab"}
//   backprop-playground:aside:<id>   the text of an entry that could not be read, kept to download
//
// `hash` is the URL hash (urlstate.js), `from` where the entry began (`link`,
// `work`), `edited` whether its network was ever changed in the page, and
// `tab` which tab wrote it last. Storage that is full or turned off costs the
// saving only: the page keeps working from the hash.

const PREFIX = 'backprop-playground:recent:';
const ASIDE = 'backprop-playground:aside:';
/** Where one network was saved before there were several: read once, then moved into an entry. */
export const LEGACY_KEY = 'backprop-playground:v1';
/** How many networks are kept; older ones make room. */
export const KEEP = 10;

const TAB = Math.random().toString(36).slice(2, 10); // this tab, in the entries it writes
const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
/**
 * The `s` of a hash. The page's own hashes start with it, and a link needs
 * no escapes, so it is cut out as it stands (a big data set's link is some
 * 300 KB to parse); any other hash is parsed.
 */
function sOf(hash) {
  const end = hash.indexOf('&');
  const s = hash.slice(2, end < 0 ? hash.length : end);
  return hash.startsWith('s=') && !/[%+]/.test(s) ? s : new URLSearchParams(hash).get('s');
}
/** Which write of an entry this is: a tab that finds another one where it left its own knows that tab saved since. */
const rev = (entry) => `${entry.tab}@${entry.time}`;

/** localStorage, or null where the browser refuses it (a sandboxed frame, some private modes). */
function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The saved networks of one page, and the one entry this tab continues. */
export class Saved {
  #id = null; // the entry this tab writes, null until it has work to keep
  #seen = null; // that entry's rev when this tab last read or wrote it
  #wrote = null; // `[text, entry]`: the text this tab last wrote, read back without parsing
  #base = null; // the `s` this tab started from: unchanged, it is not new work
  #edited = false;
  #from = 'work'; // `from` of the entry this tab writes
  #warned = new Set(); // notices shown once
  #justSetAside = []; // `{ id, text }` of entries set aside since last asked

  /** Called when another tab saves, sets aside or drops an entry (the Recent list sets it). */
  changed = () => {};

  /** `notice(key)` shows a strings key once: `storageFailed` or `otherTab`. */
  constructor(notice = () => {}) {
    this.notice = notice;
    addEventListener('storage', (e) => {
      if (e.key === null || e.key.startsWith(PREFIX) || e.key.startsWith(ASIDE)) this.changed();
    });
  }

  /** The id of the entry this tab writes (null before it has one). */
  get current() {
    return this.#id;
  }

  /** Every readable entry, newest first, as `{ id, hash, from, time, shape, step, edited, tab }`; unreadable ones are set aside. */
  entries() {
    const store = storage();
    if (!store) return [];
    const out = [];
    for (const key of keys(store, PREFIX)) {
      const text = store.getItem(key);
      const entry = readEntry(text);
      if (entry) out.push({ ...entry, id: key.slice(PREFIX.length) });
      else if (text !== null) this.setAside({ id: key.slice(PREFIX.length), text });
    }
    return out.sort((a, b) => b.time - a.time);
  }

  /** The entries set aside: `[{ id, text }]`, to download. */
  aside() {
    const store = storage();
    return store ? keys(store, ASIDE).map((key) => ({ id: key.slice(ASIDE.length), text: store.getItem(key) ?? '' })) : [];
  }

  /**
   * The work a page opened without a link continues: the newest entry that
   * was changed in a page (a link only opened is not work), or null. The old
   * single slot is moved into an entry first. This tab then writes to it.
   */
  resume() {
    this.#migrate();
    const entry = this.entries().find((e) => e.edited) ?? null;
    if (entry) this.follow(entry);
    return entry;
  }

  /** This tab goes on with `entry` (reopened from the Recent list, or resumed). */
  follow(entry) {
    this.#id = entry.id;
    this.#seen = rev(entry);
    this.#base = sOf(entry.hash);
    this.#edited = entry.edited;
    this.#from = entry.from;
  }

  /**
   * A link was opened: its entry is added now (or, for a link already
   * saved, such as a reload's, continued), and no other entry is touched.
   */
  opened(hash, shape, step) {
    const s = sOf(hash);
    const same = this.entries().find((e) => sOf(e.hash) === s);
    if (same) return this.follow(same);
    this.#start(s, 'link');
    this.#write({ hash, shape, step });
  }

  /** A network that is not saved work yet (the preset, an attribute): an entry is made once it changes. */
  startFresh(s) {
    this.#id = null;
    this.#base = s;
    this.#edited = false;
  }

  #start(s, from) {
    this.#id = newId();
    this.#seen = null;
    this.#base = s;
    this.#edited = false;
    this.#from = from;
  }

  /**
   * Saves this tab's network: `{ hash, shape, step }`. Nothing is written
   * for a network no one changed, and when another tab wrote this tab's
   * entry since it was read, this tab goes on in an entry of its own.
   */
  save({ hash, shape, step }) {
    const s = sOf(hash);
    if (this.#id === null) {
      if (s === this.#base) return;
      this.#start(this.#base, 'work');
    }
    this.#edited ||= s !== this.#base;
    const stored = this.#read(PREFIX + this.#id);
    // Only the view changed, in an entry another tab wrote last: nothing worth taking it over for.
    if (stored && sOf(stored.hash) === s && stored.tab !== TAB) return;
    if (stored && rev(stored) !== this.#seen) {
      const edited = this.#edited;
      this.#start(this.#base, this.#from);
      this.#edited = edited;
      this.#once('otherTab');
    } else if (stored?.hash === hash && stored.edited === this.#edited) return;
    this.#write({ hash, shape, step });
  }

  #write({ hash, shape, step }) {
    const entry = { hash, from: this.#from, time: Date.now(), shape, step, edited: this.#edited, tab: TAB };
    const store = storage();
    try {
      if (!store) throw new Error('no storage');
      const text = JSON.stringify(entry);
      store.setItem(PREFIX + this.#id, text);
      this.#wrote = [text, entry];
    } catch {
      this.#once('storageFailed');
      return;
    }
    // Only an entry's first write adds one to the list.
    const added = this.#seen === null;
    this.#seen = rev(entry);
    if (added) this.#prune(store);
  }

  /** Only the newest KEEP entries stay; this tab's own is never the one dropped. */
  #prune(store) {
    const old = this.entries().filter((e) => e.id !== this.#id).slice(KEEP - 1);
    for (const e of old) store.removeItem(PREFIX + e.id);
  }

  #read(key) {
    try {
      const text = storage()?.getItem(key) ?? null;
      return text !== null && text === this.#wrote?.[0] ? this.#wrote[1] : readEntry(text);
    } catch {
      return null;
    }
  }

  /**
   * Keeps an entry that could not be read under its own key (its text as
   * stored), out of the Recent list; returns the id it is kept under, or
   * null when storage refused (then it stays where it was).
   */
  setAside({ id, text }) {
    const store = storage();
    const key = PREFIX + id;
    const raw = text ?? store?.getItem(key) ?? '';
    try {
      store.setItem(ASIDE + id, raw);
      store.removeItem(key);
      if (id === this.#id) this.#id = null;
      this.#justSetAside.push({ id, text: raw });
      return id;
    } catch {
      this.#once('storageFailed');
      return null;
    }
  }

  /** The entries set aside since the last call, `[{ id, text }]`: the page says so once. */
  takeSetAside() {
    return this.#justSetAside.splice(0);
  }

  /** Moves the old single slot into an entry, or sets it aside when it holds no link. */
  #migrate() {
    const store = storage();
    const text = store?.getItem(LEGACY_KEY) ?? null;
    if (text === null) return;
    const id = `v1-${newId()}`;
    if (sOf(text) === null) {
      if (this.setAside({ id, text }) === null) return;
    } else {
      try {
        store.setItem(PREFIX + id, JSON.stringify({ hash: text, from: 'work', time: Date.now(), shape: '', step: null, edited: true, tab: '' }));
      } catch {
        return this.#once('storageFailed'); // kept where it is
      }
    }
    store.removeItem(LEGACY_KEY);
  }

  #once(key) {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.notice(key);
  }
}

/** The keys in `store` that start with `prefix`. */
function keys(store, prefix) {
  const out = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(prefix)) out.push(key);
  }
  return out;
}

/** An entry's text as an object, or null when it is not one the page wrote. */
function readEntry(text) {
  if (text === null) return null;
  try {
    const e = JSON.parse(text);
    const ok = e && typeof e.hash === 'string' && typeof e.time === 'number' && sOf(e.hash) !== null;
    return ok ? { hash: e.hash, from: e.from === 'link' ? 'link' : 'work', time: e.time, shape: String(e.shape ?? ''),
      step: Number.isInteger(e.step) ? e.step : null, edited: e.edited === true, tab: String(e.tab ?? '') } : null;
  } catch {
    return null;
  }
}
