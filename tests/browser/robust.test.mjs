// Links, saved state, refused input and divergence: no input breaks the
// page, loses work or runs code. Every message is checked against the core's
// own, made by a second Playground in the page.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { control, coreRefuses, openPage, openTab, pageTest, runCore, stateJson } from './harness.mjs';

/** Where one network was saved before there were several: the page moves it into the list. */
const LEGACY = 'backprop-playground:v1';

/** What localStorage keeps: `recent` (id → entry, parsed) and `aside` (id → text as stored). */
const storedWork = (page) => page.evaluate(() => {
  const out = { recent: {}, aside: {} };
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    const [, part, id] = /^backprop-playground:(recent|aside):(.+)$/.exec(key) ?? [];
    if (part === 'recent') out.recent[id] = JSON.parse(localStorage.getItem(key));
    else if (part === 'aside') out.aside[id] = localStorage.getItem(key);
  }
  return out;
});

/** The `s` of a saved entry or hash. */
const sOf = (hash) => new URLSearchParams(hash.replace(/^#/, '')).get('s');

/** The core's link for a state (an object or JSON text), and the message `stateFromLink` throws for `link` (null if it loads). */
function coreLink(page, { state = null, bad = null } = {}) {
  return page.evaluate(async ({ state, bad }) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    let link = null;
    if (state) {
      const pg = new m.Playground(typeof state === 'string' ? JSON.parse(state) : state);
      link = pg.link();
      pg.free();
    }
    let error = null;
    if (bad !== null) {
      try {
        m.stateFromLink(bad);
      } catch (err) {
        error = err.message;
      }
    }
    return { link, error };
  }, { state, bad });
}

/** The core's preset `name`, as a state object. */
const corePreset = (page, name) => page.evaluate(async (name) => {
  const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
  await m.default();
  return m.preset(name);
}, name);

/** Waits until the address bar holds the element's current link. */
async function hashSettled(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('backprop-playground');
    return new URLSearchParams(location.hash.slice(1)).get('s') === el.link();
  });
  return page.evaluate(() => location.hash);
}

/** The banner's title and detail, or null when no message shows. */
const banner = (page) => page.evaluate(() => {
  const b = document.querySelector('backprop-playground').shadowRoot.querySelector('.banner');
  if (!b || b.hidden) return null;
  return {
    role: b.getAttribute('role'),
    title: b.querySelector('.banner-title').textContent,
    detail: b.querySelector('.banner-detail').textContent,
  };
});

/** Adds an element with one attribute to the page; once ready, its state (JSON text) and its banner. */
const addElement = (page, name, value) => page.evaluate(async ([name, value]) => {
  const e = document.createElement('backprop-playground');
  e.setAttribute(name, value);
  document.body.append(e);
  await e.ready;
  const b = e.shadowRoot.querySelector('.banner');
  return { state: JSON.stringify(e.state), title: b.querySelector('.banner-title').textContent, detail: b.querySelector('.banner-detail').textContent, hidden: b.hidden };
}, [name, value]);

/** Nothing ran and no markup got in: the trap is unset, and no img or extra script exists. */
async function assertInert(page, what) {
  const found = await page.evaluate(() => {
    const root = document.querySelector('backprop-playground').shadowRoot;
    return {
      pwned: window.__pwned,
      shadow: root.querySelectorAll('img, script, iframe, object').length,
      doc: document.querySelectorAll('img, iframe, object').length,
      scripts: document.scripts.length,
    };
  });
  assert.deepEqual(found, { pwned: undefined, shadow: 0, doc: 0, scripts: 1 }, `${what}: nothing ran`);
}

/** Forward, Backward and Step still work, and show the core's numbers. */
async function assertUsable(page, core, what) {
  const before = await stateJson(page);
  const [, stepped, after] = await core(before, [['trace'], ['step', 1], ['state']]);
  await control(page, '[data-action="forward"]').click();
  await control(page, '[data-action="backward"]').click();
  const gw = await page.evaluate(() => document.querySelector('backprop-playground').shadowRoot.querySelector('[data-name^="gw"]').getAttribute('data-value'));
  assert.notEqual(gw, null, `${what}: Backward shows gradients`);
  await control(page, '[data-action="step"]').click();
  assert.equal(await stateJson(page), JSON.stringify(after), `${what}: Step took the core's step`);
  assert.equal(stepped.step, JSON.parse(before).step + 1);
}

pageTest('the hash follows the state, and opening it restores every bit and the view', async ({ page }) => {
  await page.evaluate(() => {
    const el = document.querySelector('backprop-playground');
    el.step(37);
    el.view.digits = 6;
    el.view.notation = 'compact';
    el.view.lang = 'zh';
    el.select('w3.1.2');
    el.backward();
  });
  const hash = await hashSettled(page);
  const params = new URLSearchParams(hash.slice(1));
  assert.equal(params.get('lang'), 'zh');
  assert.equal(params.get('notation'), 'compact');
  assert.equal(params.get('digits'), '6');
  assert.equal(params.get('sample'), '0');
  assert.equal(params.get('phase'), 'backward');
  assert.equal(params.get('sel'), 'w3.1.2');
  assert.match(params.get('s'), /^1\.[A-Za-z0-9_-]+$/);
  const original = await stateJson(page);
  const saved = Object.values((await storedWork(page)).recent);
  assert.deepEqual(saved.map((e) => e.hash), [hash.slice(1)], 'saved too, as one entry');
  assert.deepEqual([saved[0].shape, saved[0].step, saved[0].edited], ['2-2-2', 37, true]);

  const other = await openPage({ path: hash });
  try {
    assert.equal(await stateJson(other.page), original, 'bit-exact round trip');
    const view = await other.page.evaluate(() => ({ ...document.querySelector('backprop-playground').view }));
    assert.deepEqual({ lang: view.lang, notation: view.notation, digits: view.digits }, { lang: 'zh', notation: 'compact', digits: 6 });
    const shown = await other.page.evaluate(() => {
      const el = document.querySelector('backprop-playground');
      return { phase: el.phase, selected: el.selected, delta: el.shadowRoot.querySelector('[data-name="d3.1"]').getAttribute('data-value') };
    });
    assert.deepEqual({ phase: shown.phase, selected: shown.selected }, { phase: 'backward', selected: 'w3.1.2' });
    assert.notEqual(shown.delta, null, 'δ is on screen again');
    assert.equal(await other.page.locator('backprop-playground [data-action="forward"] .ptitle').textContent(), '正向传播');
    assert.equal(await banner(other.page), null, 'no message');
    assert.deepEqual(other.problems, []);
  } finally {
    await other.context.close();
  }
});

pageTest('the hash is replaced, not pushed, and not rewritten while Play runs', async ({ page }) => {
  await page.evaluate(() => {
    window.__writes = [];
    const replace = history.replaceState.bind(history);
    history.replaceState = (...args) => {
      window.__writes.push(performance.now());
      replace(...args);
    };
    window.__length = history.length;
  });
  await control(page, '[data-action="play"]').click();
  await page.waitForFunction(() => document.querySelector('backprop-playground').state.step > 40);
  assert.equal(await page.evaluate(() => window.__writes.length), 0, 'nothing written while playing');
  await control(page, '[data-action="play"]').click();
  await hashSettled(page);
  const { writes, grew } = await page.evaluate(() => ({ writes: window.__writes.length, grew: history.length - window.__length }));
  assert.equal(writes, 1, 'one write once Play pauses');
  assert.equal(grew, 0, 'no history entries');
});

test('a reload restores the work from localStorage, and a hash wins over it', async () => {
  const { page, context, problems } = await openPage();
  try {
    await page.evaluate(() => document.querySelector('backprop-playground').step(12));
    await hashSettled(page);
    const trained = await stateJson(page);
    await page.goto(page.url().replace(/#.*/, ''));
    await page.evaluate(() => document.querySelector('backprop-playground').ready);
    assert.equal(await stateJson(page), trained, 'localStorage restored the network');
    await page.reload();
    await page.evaluate(() => document.querySelector('backprop-playground').ready);
    assert.equal(await stateJson(page), trained, 'a reload keeps it');

    // A hash holding another state is opened instead of the saved one.
    const xor = await corePreset(page, 'xor');
    const { link } = await coreLink(page, { state: xor });
    await page.goto(`${page.url().replace(/#.*/, '')}#s=${link}`);
    await page.reload();
    await page.evaluate(() => document.querySelector('backprop-playground').ready);
    const [want] = await runCore(page, JSON.stringify(xor), [['state']]);
    assert.equal(await stateJson(page), JSON.stringify(want));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the iframe form keeps its network in its own hash and leaves the saved work alone', async () => {
  const { page, context, problems } = await openPage();
  try {
    await page.evaluate(() => document.querySelector('backprop-playground').step(7));
    await hashSettled(page);
    const saved = await stateJson(page);
    const stored = await storedWork(page);
    const xor = await corePreset(page, 'xor');
    const { link } = await coreLink(page, { state: xor });
    const base = page.url().replace(/[?#].*/, '');
    await page.goto(`${base}?embed#s=${link}`);
    await page.evaluate(() => document.querySelector('backprop-playground').ready);
    const [want] = await runCore(page, JSON.stringify(xor), [['state']]);
    assert.equal(await stateJson(page), JSON.stringify(want), 'the frame opens its own network');
    assert.equal(await page.evaluate(() => document.querySelector('backprop-playground').getAttribute('url-state')), 'hash');
    await page.evaluate(() => document.querySelector('backprop-playground').step(3));
    await hashSettled(page);
    assert.deepEqual(await storedWork(page), stored, 'storage untouched');
    await page.goto(base);
    await page.evaluate(() => document.querySelector('backprop-playground').ready);
    assert.equal(await stateJson(page), saved, 'the full page still has its work');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a damaged saved state is set aside with a message, kept to download, and the preset shows', async () => {
  const { page, context, problems } = await openPage();
  try {
    const preset = await stateJson(page);
    const base = page.url().replace(/#.*/, '');
    for (const stored of ['s=1.AgICAgAAAw', 'not a state {"layers":', 's=%3Cimg%20src=x%20onerror=window.__pwned=1%3E']) {
      // Saved by an earlier release, in its one slot.
      await page.evaluate(([k, v]) => localStorage.setItem(k, v), [LEGACY, stored]);
      await page.goto(base);
      await page.evaluate(() => document.querySelector('backprop-playground').ready);
      const shown = await banner(page);
      assert.ok(shown, `${stored}: a message`);
      assert.equal(shown.role, 'alert');
      assert.match(shown.title, /saved in this browser/);
      assert.equal(await stateJson(page), preset, `${stored}: the preset`);
      const kept = await storedWork(page);
      assert.equal(await page.evaluate((k) => localStorage.getItem(k), LEGACY), null, 'the old slot is emptied');
      const aside = Object.values(kept.aside).filter((text) => text.includes(stored));
      assert.equal(aside.length, 1, `${stored}: kept under its own key`);
      assert.ok(Object.values(kept.recent).every((e) => !e.hash.includes(stored)), 'not among the recent networks');
      await assertInert(page, stored);
      // The message offers it for download, as it was stored.
      const [file] = await Promise.all([page.waitForEvent('download'), control(page, '.banner-action').click()]);
      const text = await new Promise((ok, fail) => file.createReadStream().then((r) => {
        const parts = [];
        r.on('data', (d) => parts.push(d)).on('end', () => ok(Buffer.concat(parts).toString())).on('error', fail);
      }, fail));
      assert.equal(text, aside[0], 'the download is the entry as kept');
      // Dismissing hides it.
      await control(page, '.banner-close').click();
      assert.equal(await banner(page), null);
      // The Recent list offers it too.
      await control(page, '[data-menu="recent"] summary').click();
      await control(page, '[data-aside]').first().waitFor(); // filled as it opens
      await control(page, '[data-menu="recent"] summary').click();
      await page.evaluate(() => localStorage.clear());
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a shared link opened in another tab adds an entry, a click there replaces nothing, and Recent reopens both', async () => {
  const { page, context, problems } = await openPage();
  try {
    // The work: a 2-7-1 trained 20 steps.
    await page.evaluate(() => {
      const el = document.querySelector('backprop-playground');
      el.state = { layers: [2, 7, 1], samples: [{ input: [0, 1], target: [1] }] };
      el.step(20);
    });
    const hash = await hashSettled(page);
    const work = await stateJson(page);
    const xor = await corePreset(page, 'xor');
    const { link } = await coreLink(page, { state: xor });

    const b = await openTab(context, `#s=${link}`);
    const xorJson = await stateJson(b.page);
    await control(b.page, 'svg').first().click(); // a click used to save the link over the work
    await hashSettled(b.page);
    await b.page.waitForTimeout(500);
    const saved = Object.values((await storedWork(page)).recent);
    assert.equal(saved.length, 2, 'the link is an entry beside the work');
    const mine = saved.find((e) => sOf(e.hash) === sOf(hash));
    assert.deepEqual([mine?.shape, mine?.step, mine?.edited], ['2-7-1', 20, true], 'the work is kept');
    const opened = saved.find((e) => sOf(e.hash) === link);
    assert.deepEqual([opened?.from, opened?.step, opened?.edited], ['link', 0, false]);

    // A new tab without a link goes on with the work, not with the link.
    const c = await openTab(context);
    assert.equal(await stateJson(c.page), work, 'the saved work opens');
    // Recent lists both, newest first, and reopens the link.
    await control(c.page, '[data-menu="recent"] summary').click();
    await control(c.page, '[data-recent]').first().waitFor(); // filled as it opens
    const items = await control(c.page, '[data-recent]').allTextContents();
    assert.equal(items.length, 2);
    assert.ok(items.some((i) => i.startsWith(`Shared link · ${xor.layers.join('-')} · Step 0 · `)), items.join('\n'));
    assert.ok(items.some((i) => i.startsWith('Your network · 2-7-1 · Step 20 · ')), items.join('\n'));
    await c.page.locator('backprop-playground [data-recent]', { hasText: 'Shared link' }).click();
    assert.equal(await stateJson(c.page), xorJson, 'Recent reopened the link');
    await control(c.page, '[data-action="undo"]').click();
    assert.equal(await stateJson(c.page), work, 'one Undo step back to the work');
    assert.deepEqual([...problems, ...b.problems, ...c.problems], []);
  } finally {
    await context.close();
  }
});

test('two tabs never clobber each other: the later one goes on in its own entry and says so', async () => {
  const { page: a, context, problems } = await openPage();
  try {
    await a.evaluate(() => document.querySelector('backprop-playground').step(5));
    await hashSettled(a);
    const b = await openTab(context);
    assert.equal(await stateJson(b.page), await stateJson(a), 'the second tab opens the saved work');
    await a.evaluate(() => document.querySelector('backprop-playground').step(3));
    const aHash = await hashSettled(a);
    await b.page.evaluate(() => document.querySelector('backprop-playground').step(2));
    const bHash = await hashSettled(b.page);
    await b.page.waitForFunction(() => !document.querySelector('backprop-playground').shadowRoot.querySelector('.banner').hidden);
    assert.match((await banner(b.page)).title, /another tab/);
    const saved = Object.values((await storedWork(a)).recent);
    assert.deepEqual(saved.map((e) => sOf(e.hash)).sort(), [sOf(aHash), sOf(bHash)].sort(), 'both tabs\' work is kept');
    assert.deepEqual(saved.map((e) => e.step).sort(), [7, 8]);
    // The first tab's Recent list heard of the second's save.
    await control(a, '[data-menu="recent"] summary').click();
    await control(a, '[data-recent]').nth(1).waitFor();
    assert.equal(await control(a, '[data-recent]').count(), 2);
    assert.deepEqual([...problems, ...b.problems], []);
  } finally {
    await context.close();
  }
});

test('storage that is full or turned off: one notice, and the page keeps working from the hash', async () => {
  const full = () => {
    Storage.prototype.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  };
  const off = () => Object.defineProperty(window, 'localStorage', {
    get: () => {
      throw new DOMException('Access is denied for this document.', 'SecurityError');
    },
  });
  for (const [what, init] of [['full', full], ['turned off', off]]) {
    const { page, context, problems } = await openPage({ init });
    try {
      assert.equal(await banner(page), null, `${what}: nothing to say before there is work`);
      await page.evaluate(() => document.querySelector('backprop-playground').step(4));
      await hashSettled(page);
      await page.waitForFunction(() => !document.querySelector('backprop-playground').shadowRoot.querySelector('.banner').hidden);
      const shown = await banner(page);
      assert.match(shown.title, /not keeping your work/, what);
      await control(page, '.banner-close').click();
      await page.evaluate(() => document.querySelector('backprop-playground').step(1));
      const hash = await hashSettled(page);
      await page.waitForTimeout(500);
      assert.equal(await banner(page), null, `${what}: said once`);
      // The hash still holds the work.
      const other = await openTab(context, hash);
      assert.equal(await stateJson(other.page), await stateJson(page), `${what}: the link opens the work`);
      assert.deepEqual([...problems, ...other.problems], []);
    } finally {
      await context.close();
    }
  }
});

test('damaged links show the core’s message, keep a working network and run nothing', async () => {
  const { page, context, problems } = await openPage();
  const base = page.url().replace(/#.*/, '');
  try {
    const preset = await stateJson(page);
    const { link } = await coreLink(page, { state: preset });
    const bytes = Buffer.from(link.slice(2), 'base64url');
    // The seed preset ends with its one sample: 4 numbers of 8 bytes after a 1-byte count.
    const count = bytes.length - 4 * 8 - 1;
    assert.equal(bytes[count], 1, 'the sample count byte');
    const huge = Buffer.concat([bytes.subarray(0, count), Buffer.from([0xa0, 0x9c, 0x01]), bytes.subarray(count + 1)]); // 20000 samples
    const nan = Buffer.from(bytes);
    nan.writeDoubleLE(NaN, nan.length - 8);
    const pack = (b) => `1.${b.toString('base64url')}`;
    const cases = {
      truncated: link.slice(0, Math.floor(link.length / 2)),
      'huge sample count': pack(huge),
      'NaN target': pack(nan),
      'JSON-ish garbage': `1.${Buffer.from('{"layers":[2,2],"weights":"<script>"}').toString('base64url')}`,
      'wrong version': `7.${link.slice(2)}`,
      empty: '',
      'markup': '<img src=x onerror=window.__pwned=1>',
      'script': '<script>window.__pwned=1</script>',
    };
    for (const [what, bad] of Object.entries(cases)) {
      const { error } = await coreLink(page, { bad });
      assert.ok(error, `${what}: the core refuses it`);
      await page.goto('about:blank');
      await page.goto(`${base}#s=${encodeURIComponent(bad)}`);
      await page.evaluate(() => document.querySelector('backprop-playground').ready);
      const shown = await banner(page);
      assert.ok(shown, `${what}: a message shows`);
      assert.match(shown.title, /link could not be opened/);
      assert.ok(shown.detail.startsWith(error.slice(0, 200)), `${what}: “${shown.detail}” is the core’s “${error}”`);
      assert.equal(await stateJson(page), preset, `${what}: the preset is kept`);
      await assertInert(page, what);
    }
    // The same markup typed raw into the address bar.
    await page.goto('about:blank');
    await page.goto(`${base}#s=${cases.markup}`);
    await page.evaluate(() => document.querySelector('backprop-playground').ready);
    assert.ok((await banner(page))?.detail, 'raw markup: a message');
    await assertInert(page, 'raw markup');
    await assertUsable(page, (s, calls) => runCore(page, s, calls), 'after damaged links');

    // A sound state with markup in the display settings: the state loads, the settings are refused as text.
    await page.goto('about:blank');
    const pwn = encodeURIComponent('<img src=x onerror=window.__pwned=1>');
    await page.goto(`${base}#s=${link}&lang=${encodeURIComponent('<script>window.__pwned=1</script>')}&sel=${pwn}&phase=${pwn}&digits=${pwn}&notation=compact`);
    await page.evaluate(() => document.querySelector('backprop-playground').ready);
    assert.equal(await stateJson(page), preset);
    const shown = await banner(page);
    assert.match(shown.title, /display setting/);
    assert.match(shown.detail, /^lang: expected one of en, zh, got '<script>window/);
    assert.match(shown.detail, /digits: expected one of 2, 3, 4, 5, 6, 7, 8, 9, got '<img/);
    assert.match(shown.detail, /phase: expected one of forward, loss, update, backward, idle, got '<img/);
    assert.match(shown.detail, /sel: expected a weight or bias of this network/);
    const view = await page.evaluate(() => ({ ...document.querySelector('backprop-playground').view }));
    assert.equal(view.lang, 'en');
    assert.equal(view.notation, 'compact', 'the sound setting is taken');
    await assertInert(page, 'markup in settings');

    // A hash typed while the page is open: refused, and the network stays as it was.
    await page.evaluate(() => document.querySelector('backprop-playground').step(3));
    await hashSettled(page);
    const trained = await stateJson(page);
    await page.evaluate((bad) => (location.hash = `s=${encodeURIComponent(bad)}`), cases.markup);
    await page.waitForFunction(() => !document.querySelector('backprop-playground').shadowRoot.querySelector('.banner').hidden);
    assert.equal(await stateJson(page), trained, 'the current network is kept');
    await assertInert(page, 'typed hash');
    // A sound link with a sample number past the end: the state loads, the sample shown stays in range.
    await page.evaluate((link) => (location.hash = `s=${link}&sample=99&digits=7`), link);
    await page.waitForFunction(() => document.querySelector('backprop-playground').view.digits === 7);
    assert.equal(await stateJson(page), preset, 'a typed link loads');
    assert.equal(await page.evaluate(() => document.querySelector('backprop-playground').view.sample), 0);
    await assertUsable(page, (s, calls) => runCore(page, s, calls), 'after a typed hash');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

pageTest('the state attribute: a link or JSON loads, a bad one shows the core’s message; embeds leave the hash alone', async ({ page, core }) => {
  const xor = await corePreset(page, 'xor');
  const { link } = await coreLink(page, { state: xor });
  const [want] = await core(JSON.stringify(xor), [['state']]);
  const bad = '{"layers": "two", "samples": [{"input": [1], "target": [0]}]}';
  const refused = await coreRefuses(page, bad);
  assert.ok(refused, 'the core refuses the bad state');
  const got = await page.evaluate(async ({ link, xor, bad }) => {
    const hashBefore = location.hash;
    const make = (state) => {
      const e = document.createElement('backprop-playground');
      e.setAttribute('state', state);
      document.body.append(e);
      return e;
    };
    const a = make(link);
    const b = make(JSON.stringify(xor));
    const c = make(bad);
    const d = make('<img src=x onerror=window.__pwned=1>');
    await Promise.all([a.ready, b.ready, c.ready, d.ready]);
    a.step(5);
    await new Promise((ok) => setTimeout(ok, 600));
    const msg = (e) => {
      const el = e.shadowRoot.querySelector('.banner');
      return el.hidden ? null : el.querySelector('.banner-detail').textContent;
    };
    return {
      a: JSON.stringify(b.state), aMsg: msg(a), bMsg: msg(b), c: c.state.layers, cMsg: msg(c), dMsg: msg(d),
      hashKept: location.hash === hashBefore, copy: a.shadowRoot.querySelector('[data-action="copy-link"]') !== null,
    };
  }, { link, xor, bad });
  assert.equal(got.a, JSON.stringify(want), 'the JSON attribute loads the core’s state');
  assert.equal(got.aMsg, null);
  assert.equal(got.bMsg, null);
  assert.deepEqual(got.c, [2, 2, 2], 'a bad attribute falls back to the preset');
  assert.equal(got.cMsg, refused.message, 'the core’s message, naming the field');
  assert.match(got.cMsg, /^layers: /);
  assert.ok(got.dMsg, 'markup in the attribute is refused as a link');
  assert.equal(got.hashKept, true, 'only the url-state element writes the hash');
  assert.equal(got.copy, false, 'embeds have no Copy link');
  await assertInert(page, 'state attributes');
});

pageTest('a preset the core does not have falls back to the default one with the core’s message, and ready resolves', async ({ page, core }) => {
  const { own, seed } = await page.evaluate(async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    try {
      m.preset('nand');
      return { own: null };
    } catch (err) {
      return { own: err.message, seed: m.preset('seed') };
    }
  });
  assert.ok(own, 'the core has no preset called nand');
  const [want] = await core(JSON.stringify(seed), [['state']]);
  const got = await addElement(page, 'preset', 'nand');
  assert.equal(got.state, JSON.stringify(want), 'the default preset');
  assert.equal(got.hidden, false);
  assert.match(got.title, /example that does not exist/);
  assert.equal(got.detail, own, 'the core’s message');
  await assertInert(page, 'a bad preset');
});

pageTest('training that diverges pauses Play, says so at the top, points at η, and Undo goes back', async ({ page, core }) => {
  const linear = JSON.stringify({
    layers: [1, 1], activation: 'linear', learning_rate: 100,
    weights: [[[0.5]]], biases: [[0]], samples: [{ input: [1], target: [1] }],
  });
  const [diverged] = await core(linear, [['step', 100]]);
  assert.equal(diverged.error?.code, 'diverged', 'the core diverges');
  assert.equal(diverged.error.field, 'learning_rate');
  const n = diverged.error.params.step;

  // Train ×100.
  await page.evaluate((s) => (document.querySelector('backprop-playground').state = s), linear);
  const before = await stateJson(page);
  await control(page, '[data-action="train100"]').click();
  let shown = await banner(page);
  assert.equal(shown.title, `Diverged at step ${n}: lower the learning rate.`);
  assert.equal(await control(page, '[data-err="learning_rate"]').textContent(), diverged.error.message, 'the core’s message beside η');
  assert.equal(await control(page, '[data-field="learning_rate"].attention').count(), 1, 'η is highlighted');
  const state = JSON.parse(await stateJson(page));
  assert.ok([...state.weights.flat(2), ...state.biases.flat()].every(Number.isFinite), 'the network is finite');
  assert.equal(state.step, Number(n) - 1, 'the steps before stay');
  await control(page, '[data-action="undo"]').click();
  assert.equal(await stateJson(page), before, 'Undo goes back to before Train');

  // Play.
  await control(page, '[data-action="play"]').click();
  await page.waitForFunction(() => {
    const b = document.querySelector('backprop-playground').shadowRoot.querySelector('.banner');
    return !b.hidden;
  });
  shown = await banner(page);
  assert.equal(shown.title, `Diverged at step ${n}: lower the learning rate.`);
  assert.equal(await page.evaluate(() => document.querySelector('backprop-playground').playing), false, 'Play paused');
  assert.equal(await control(page, '[data-action="play"]').getAttribute('aria-pressed'), 'false');
  const after = JSON.parse(await stateJson(page));
  assert.ok([...after.weights.flat(2), ...after.biases.flat()].every(Number.isFinite));

  // Lowering η clears the warning, and training works again.
  await control(page, '[data-field="learning_rate"]').fill('0.1');
  await control(page, '[data-field="learning_rate"]').press('Enter');
  assert.equal(await banner(page), null);
  assert.equal(await control(page, '.attention').count(), 0);
  await control(page, '[data-action="train10"]').click();
  assert.equal(await banner(page), null);
});

pageTest('the page refuses what is too big with the core’s own message', async ({ page }) => {
  const big = (over) => JSON.stringify({ layers: [1, 1], samples: Array.from({ length: 10000 + over }, (_, i) => ({ input: [i], target: [0] })) });
  const deep = JSON.stringify({ layers: Array(9).fill(1) });
  const wide = JSON.stringify({ layers: [1, 17, 1] });
  for (const [what, s] of [['10,001 samples', big(1)], ['9 layers', deep], ['17 neurons', wide]]) {
    const own = await coreRefuses(page, s);
    assert.ok(own, `${what}: the core refuses it`);
    const thrown = await page.evaluate((s) => {
      try {
        document.querySelector('backprop-playground').state = s;
        return null;
      } catch (err) {
        return err.message;
      }
    }, s);
    assert.ok(thrown, `${what}: refused`);
    assert.equal(thrown, own.message, `${what}: the core’s message`);
  }
  // 10,000 samples are fine, and so is their link.
  await page.evaluate((s) => (document.querySelector('backprop-playground').state = s), big(0));
  assert.equal(await page.evaluate(() => document.querySelector('backprop-playground').state.samples.length), 10000);
  await hashSettled(page);
  const stepErr = await page.evaluate(() => {
    try {
      document.querySelector('backprop-playground').step(1_000_001);
      return null;
    } catch (err) {
      return err.message;
    }
  });
  assert.match(stepErr, /^steps: expected a whole number from 0 to 1000000, got 1000001$/);
});

test('Copy link writes the link, or shows it in a field when the clipboard is unavailable', async () => {
  const { page, context, problems } = await openPage();
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate(() => document.querySelector('backprop-playground').step(4));
    await control(page, '[data-action="copy-link"]').click();
    await page.waitForFunction(() => document.querySelector('backprop-playground').shadowRoot.querySelector('[data-action="copy-link"]').textContent === 'Link copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await page.evaluate(() => location.href));
    assert.equal(new URLSearchParams(new URL(copied).hash.slice(1)).get('s'), await page.evaluate(() => document.querySelector('backprop-playground').link()));

    await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    await page.evaluate(() => document.querySelector('backprop-playground').step(1));
    await control(page, '[data-action="copy-link"]').click();
    const field = control(page, '.link-field');
    await field.waitFor();
    const value = await field.inputValue();
    assert.equal(value, await page.evaluate(() => location.href), 'the current link, written at once');
    assert.equal(await field.getAttribute('readonly'), '');
    const other = await openPage({ path: new URL(value).hash });
    try {
      assert.equal(await stateJson(other.page), await stateJson(page));
    } finally {
      await other.context.close();
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** The core's byte and sample limits, from its vocabulary. */
const coreLimits = (page) => page.evaluate(async () => {
  const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
  await m.default();
  return m.vocabulary().limits;
});

/** "300 MB is over the 16 MB limit", with sizes written as the core writes them (src/error.rs, `bytes`). */
const overLimit = (got, limit) => {
  const b = (n) => (n < 1e3 ? `${n} bytes` : n < 1e6 ? `${Math.round(n / 1e2) / 10} KB` : `${Math.round(n / 1e5) / 10} MB`);
  return `${b(got)} is over the ${b(limit)} limit`;
};

pageTest('a state string of 300 MB is refused by its size before it is parsed, and the network stays and works', async ({ page, core }) => {
  const { max_state_bytes: limit } = await coreLimits(page);
  await page.evaluate(() => document.querySelector('backprop-playground').step(3));
  const before = await stateJson(page);
  const got = await page.evaluate(() => {
    const text = `{"x":[${'0,'.repeat(15e7)}0]}`;
    // Parsing is what would take seconds and gigabytes: count it (how long a refusal takes is the benchmark's business).
    const parse = JSON.parse;
    let parsed = 0;
    JSON.parse = (...args) => { parsed += 1; return parse(...args); };
    try {
      document.querySelector('backprop-playground').state = text;
      return null;
    } catch (err) {
      return { message: err.message, code: err.code, field: err.field, params: err.params, parsed, size: text.length };
    } finally {
      JSON.parse = parse;
    }
  });
  assert.ok(got, 'refused');
  assert.deepEqual({ code: got.code, field: got.field, params: got.params }, { code: 'too_large', field: 'state', params: { limit, got: got.size } });
  assert.equal(got.message, `state: ${overLimit(got.size, limit)}`, 'the message names the size found and the limit');
  assert.equal(got.parsed, 0, 'refused before it was parsed');
  assert.equal(await stateJson(page), before, 'the same network');
  await assertUsable(page, core, 'after a 300 MB state');
});

pageTest('a state object too big for the limit is refused by its size before the core copies it, and the network stays', async ({ page, core }) => {
  const { max_state_bytes: limit } = await coreLimits(page);
  await page.evaluate(() => document.querySelector('backprop-playground').step(2));
  const before = await stateJson(page);
  for (const size of [2e7, 1e6]) { // more values than the limit has bytes; values that add up past it
    const got = await page.evaluate((size) => {
      const sample = { input: [0.25, 0.5], target: [1, 0] };
      const state = { layers: [2, 2, 2], activation: 'sigmoid', samples: new Array(size).fill(sample) };
      try {
        document.querySelector('backprop-playground').state = state;
        return null;
      } catch (err) {
        return { message: err.message, code: err.code, field: err.field, params: err.params };
      }
    }, size);
    assert.ok(got, `${size} samples: refused`);
    assert.equal(got.code, 'too_large');
    assert.equal(got.field, 'state');
    assert.equal(got.params.limit, limit);
    assert.ok(got.params.got > limit, 'the size found is over the limit');
    assert.equal(got.message, `state: ${overLimit(got.params.got, limit)}`);
    assert.equal(await stateJson(page), before, 'the same network');
  }
  // A big state under the limit still loads.
  const samples = await page.evaluate(() => {
    const el = document.querySelector('backprop-playground');
    el.state = { layers: [2, 2, 2], activation: 'sigmoid', samples: Array.from({ length: 10000 }, (_, i) => ({ input: [i / 1e4, 1], target: [0, 1] })) };
    return el.summary.samples;
  });
  assert.equal(samples, 10000);
  await assertUsable(page, core, 'after a refused state object');
});

test('a src file and a state file over the limit are refused before they are read, and the preset or the network stays', async () => {
  const { page, context, problems } = await openPage();
  try {
    const { max_state_bytes: limit } = await coreLimits(page);
    const size = limit + 1000;
    // A src file whose Content-Length says it is too big: refused before its body is read.
    await page.route('**/big-state.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: Buffer.alloc(size, ' ') }));
    const fromSrc = await addElement(page, 'src', 'big-state.json');
    assert.match(fromSrc.title, /state file given to this playground/);
    assert.equal(fromSrc.detail, `src: ${overLimit(size, limit)}`);
    assert.deepEqual(JSON.parse(fromSrc.state).layers, [2, 2, 2], 'the preset');
    await page.evaluate(() => document.querySelectorAll('backprop-playground')[1].remove());

    // A state file opened from the Share menu.
    await page.evaluate(() => document.querySelector('backprop-playground').step(2));
    const before = await stateJson(page);
    const dir = mkdtempSync(join(tmpdir(), 'backprop-'));
    const file = join(dir, 'huge.json');
    writeFileSync(file, Buffer.alloc(size, ' '));
    await control(page, 'input[data-file="state"]').setInputFiles(file);
    await page.waitForFunction(() => !document.querySelector('backprop-playground').shadowRoot.querySelector('.banner').hidden);
    const shown = await banner(page);
    assert.match(shown.title, /file was not loaded/);
    assert.equal(shown.detail, `file: ${overLimit(size, limit)}`);
    assert.equal(await stateJson(page), before, 'the network is kept');
    rmSync(dir, { recursive: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/**
 * Takes every page of the elements' instance, up to its maximum: the next
 * allocation it cannot serve from what it has fails, and a failed allocation traps.
 */
async function fillMemory(page) {
  const grown = await page.evaluate(async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    const { memory } = await m.default();
    for (const pages of [1024, 1]) {
      try {
        for (;;) memory.grow(pages);
      } catch {
        // at its maximum
      }
    }
    return memory.buffer.byteLength;
  });
  assert.ok(grown >= 2 ** 31, `memory at its maximum (${grown} bytes)`);
}

pageTest('a core that traps (out of memory) is replaced by a fresh one: no work is lost and every later call works', async ({ page }) => {
  const big = JSON.stringify({ layers: [2, 8, 8, 1], samples: Array.from({ length: 10000 }, (_, i) => ({ input: [i / 1e4, 1 - i / 1e4], target: [i % 2] })) });
  await page.evaluate(async () => {
    document.querySelector('backprop-playground').step(3);
    // A second element on the page shares the core.
    const other = document.createElement('backprop-playground');
    other.setAttribute('preset', 'xor');
    document.body.append(other);
    await other.ready;
    other.step(2);
  });
  const before = await stateJson(page);
  const otherBefore = await page.evaluate(() => JSON.stringify(document.querySelectorAll('backprop-playground')[1].state));
  // The reference numbers, from a core of its own (another instance, with its own memory).
  const [loaded, stepped] = await page.evaluate(async (s) => {
    const m = await import(new URL('./pkg/backprop_playground.js?reference', document.baseURI).href);
    await m.default();
    const pg = new m.Playground(JSON.parse(s));
    const out = [JSON.stringify(pg.state())];
    pg.step(1);
    out.push(JSON.stringify(pg.state()));
    pg.free();
    return out;
  }, big);

  // The warm-up in idle time is over, so the trap comes from the call below.
  await page.evaluate(async () => (await import(new URL('./core.js', document.baseURI).href)).warmUp());
  await fillMemory(page);

  // Ten thousand samples need more memory than the instance has left.
  await page.evaluate((s) => (document.querySelector('backprop-playground').state = s), big);
  const shown = await banner(page);
  assert.ok(shown, 'a message');
  assert.match(shown.title, /started again/);
  assert.equal(await page.evaluate(() => document.querySelector('backprop-playground').shadowRoot.querySelector('.banner').dataset.kind), 'notice');
  assert.equal(await stateJson(page), loaded, 'the state loaded in the fresh core');
  await control(page, '[data-action="undo"]').first().click();
  assert.equal(await stateJson(page), before, 'the work before it is kept');
  await control(page, '[data-action="redo"]').first().click();

  // Later calls and clicks work: a step gives the reference's numbers, data sets load.
  await control(page, '[data-action="step"]').first().click();
  assert.equal(await stateJson(page), stepped, 'Step took the core’s step');
  await control(page, '[data-action="backward"]').first().click();
  await control(page, '[data-action="reinitialize"]').first().click();
  await control(page, '[data-dataset="circle"]').first().click();
  assert.equal(await page.evaluate(() => document.querySelector('backprop-playground').state.samples.length > 0), true);
  // The other element was rebuilt as it was, and goes on.
  const other = await page.evaluate(() => {
    const el = document.querySelectorAll('backprop-playground')[1];
    const state = JSON.stringify(el.state);
    el.step(1);
    return { state, step: el.state.step };
  });
  assert.equal(other.state, otherBefore, 'the other network is as it was');
  assert.equal(other.step, JSON.parse(otherBefore).step + 1);
});

test('a trap in the idle-time warm-up replaces the core like any other: nothing is thrown and the network goes on', async () => {
  // Idle callbacks wait until the test lets them run, so the warm-up starts on a full memory.
  const { page, context, problems } = await openPage({
    init: () => {
      window.heldIdle = [];
      window.requestIdleCallback = (f) => window.heldIdle.push(f);
    },
  });
  try {
    const before = await stateJson(page);
    await fillMemory(page);
    await page.evaluate(async () => {
      const warmed = (await import(new URL('./core.js', document.baseURI).href)).warmUp();
      let over = false;
      warmed.then(() => (over = true));
      while (!over) {
        for (const f of window.heldIdle.splice(0)) f({ timeRemaining: () => 50 });
        await new Promise((r) => setTimeout(r, 0));
      }
    });
    const shown = await banner(page);
    assert.ok(shown, 'a message');
    assert.match(shown.title, /started again/);
    assert.equal(await stateJson(page), before, 'the network is as it was');
    const stepped = await page.evaluate(() => {
      const el = document.querySelector('backprop-playground');
      el.step(1);
      return el.state.step;
    });
    assert.equal(stepped, JSON.parse(before).step + 1);
    assert.deepEqual(problems, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});
