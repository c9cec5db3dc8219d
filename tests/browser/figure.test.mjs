// A blog figure by default: an element without `url-state` in an article's
// 700 px column (figure.html) shows the diagram, the three step buttons, the
// walk and the chain rule, sized to its column; "More" brings the rest, its
// modules fetched only then; a link opens the same network in the full page;
// from a 600 to a 760 px column no value is drawn under 11 px; and a
// `controls` attribute still names the parts itself.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import { loadStrings, STRINGS } from '../../www/strings.js';

await loadStrings('zh');
import { ARTIFACTS, control, openPage, openTab } from './harness.mjs';

mkdirSync(ARTIFACTS, { recursive: true });

const SMALLEST_TEXT = 11; // px
/** A window wider than figure.html's column, 700 px at most. */
const VIEWPORT = { width: 1000, height: 900 };
const FIGURE = ['steps', 'walk', 'lessons', 'more', 'open'];
const REST = ['training', 'history', 'status', 'legend', 'samples', 'example', 'network', 'settings', 'view', 'share', 'classroom'];

/** Opens figure.html (with `query`) and checks it logged nothing wrong after `fn`. */
async function withFigure(fn, { query = '', viewport = VIEWPORT } = {}) {
  const { page, context, problems } = await openPage({ viewport, path: `figure.html${query}` });
  try {
    await fn(page, context);
    assert.deepEqual(problems, [], 'the page logged errors');
  } finally {
    await context.close();
  }
}

/** Which parts are on screen, by `data-panel`; the lesson tabs shown; the element's and column's widths. */
const onScreen = (page) => page.evaluate(() => {
  const el = document.querySelector('backprop-playground');
  const root = el.shadowRoot;
  const box = (node) => node.checkVisibility() && node.getBoundingClientRect().height > 0;
  // A part laid out as its children (display: contents) is shown when one of them is.
  const shown = (node) => Boolean(node) && (box(node) || (getComputedStyle(node).display === 'contents' && [...node.children].some(box)));
  const parts = {};
  for (const p of root.querySelectorAll('[data-panel]')) parts[p.dataset.panel] = shown(p);
  return {
    parts,
    diagram: shown(root.querySelector('.scroller svg')),
    tabs: [...root.querySelectorAll('.tabs [role="tab"]')].filter(shown).map((b) => b.dataset.tab),
    width: el.getBoundingClientRect().width,
    column: el.parentElement.getBoundingClientRect().width,
    overflow: document.documentElement.scrollWidth - innerWidth,
  };
});

/** The site's files the page has fetched, by path. */
const fetched = (page) => page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname));

/** Walks the figure to the first backward phase with `w2.1.1` selected, each phase at once. */
async function walkToBackward(page) {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await control(page, '.elabel[data-edit="w2.1.1"]').click();
  await page.mouse.move(0, 0); // its tooltip goes with the pointer
  for (let i = 0; i < 20; i++) {
    if (await page.evaluate(() => document.querySelector('backprop-playground').nextPhase()) === 'backward') return;
  }
  assert.fail('the walk never reached the backward phase');
}

const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('a figure in a 700 px column shows the diagram, the steps, the walk and the chain rule; More brings the rest', () => withFigure(async (page) => {
  const first = await onScreen(page);
  assert.equal(first.column, 700, 'the article’s column');
  assert.equal(first.width, 700, 'the figure is as wide as its column');
  assert.ok(first.overflow <= 0, 'nothing sticks out of the page');
  assert.ok(first.diagram, 'the diagram is drawn');
  for (const p of FIGURE) assert.equal(first.parts[p], true, `${p} is shown`);
  for (const p of REST) assert.equal(first.parts[p], false, `${p} waits for More`);
  assert.equal(first.parts.data, undefined, 'no data panel is built yet');
  assert.deepEqual(first.tabs, ['chain'], 'the chain rule’s tab alone');
  // The modules of what is hidden are not fetched until More.
  const before = await fetched(page);
  for (const file of ['/data.js', '/data.css', '/graph.js', '/chart.js', '/concepts.js', '/saved.js', '/recent.js']) {
    assert.ok(!before.includes(file), `${file} is not fetched before More`);
  }
  await page.screenshot({ path: `${ARTIFACTS}figure-700.png`, fullPage: true });

  await walkToBackward(page);
  await control(page, '.walk-formula .katex').first().waitFor(); // KaTeX comes with the first formula
  const walked = await page.evaluate(() => {
    const root = document.querySelector('backprop-playground').shadowRoot;
    return { formula: root.querySelector('.walk-formula')?.textContent ?? '', chain: root.querySelector('.lesson-view').textContent };
  });
  assert.ok(walked.formula.length > 0, 'the walk shows its formula');
  assert.match(walked.chain, /∂L/, 'the chain rule of w2.1.1 is shown');
  await page.screenshot({ path: `${ARTIFACTS}figure-700-walk.png`, fullPage: true });

  const more = control(page, '[data-figure="more"]');
  assert.equal(await more.textContent(), STRINGS.en.moreParts);
  await more.click();
  await control(page, '[data-panel="data"] [data-dataset="xor"]').waitFor();
  const all = await onScreen(page);
  for (const p of [...FIGURE, ...REST, 'data']) assert.equal(all.parts[p], true, `${p} is shown after More`);
  assert.equal(all.tabs.length, 8, 'every lesson tab');
  assert.equal(await more.getAttribute('aria-expanded'), 'true');
  assert.equal(await more.textContent(), STRINGS.en.less);
  assert.ok((await fetched(page)).includes('/data.js'), 'data.js came with More');
  await control(page, '[data-tab="graph"]').click();
  await control(page, '.g-node').first().waitFor();
  await control(page, '[data-dataset="xor"]').click();
  assert.equal(await page.evaluate(() => document.querySelector('backprop-playground').state.samples.length > 4), true, 'a data set loads');
  await page.screenshot({ path: `${ARTIFACTS}figure-700-more.png`, fullPage: true });

  await more.click();
  const less = await onScreen(page);
  for (const p of REST) assert.equal(less.parts[p], false, `${p} hides again with Less`);
  assert.deepEqual(less.tabs, ['chain'], 'the chain rule again');
  assert.equal(await more.getAttribute('aria-expanded'), 'false');
}));

/** The drawn size of every value the figure shows: the diagram's (SVG, scaled) and the walk's and chain rule's numbers. */
const valueSizes = (page) => page.evaluate(() => {
  const root = document.querySelector('backprop-playground').shadowRoot;
  const svg = root.querySelector('.scroller svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const shown = (el) => el.checkVisibility() && el.getBoundingClientRect().width > 0;
  const out = [];
  for (const t of svg.querySelectorAll('text.val')) if (shown(t)) out.push({ what: t.dataset.name, px: parseFloat(getComputedStyle(t).fontSize) * scale });
  // Outside the diagram: every number that carries its value, and the typeset formulas' text.
  for (const el of root.querySelectorAll('.dock [data-value], .dock .katex')) {
    if (shown(el)) out.push({ what: el.dataset.ref ?? el.dataset.role ?? el.className, px: parseFloat(getComputedStyle(el).fontSize) });
  }
  return out;
});

test('from a 600 to a 760 px column no value in the figure is drawn under 11 px', () => withFigure(async (page) => {
  await walkToBackward(page);
  await control(page, '.walk-formula .katex').first().waitFor();
  const small = {};
  for (const width of [600, 650, 700, 760]) {
    await page.evaluate((w) => (document.querySelector('main').style.width = `${w}px`), width);
    await page.setViewportSize({ width: width + 100, height: 900 });
    await frames(page);
    const sizes = await valueSizes(page);
    assert.ok(sizes.length > 30, `${width}: values measured (${sizes.length})`);
    const under = sizes.filter((s) => s.px < SMALLEST_TEXT - 0.01).map((s) => `${s.what} ${s.px.toFixed(1)} px`);
    if (under.length) small[width] = under.slice(0, 8);
    if (width === 700) await page.screenshot({ path: `${ARTIFACTS}figure-700-values.png`, fullPage: true });
  }
  assert.deepEqual(small, {}, 'values under 11 px');
}, { viewport: { width: 860, height: 900 } }));

test('the figure’s link opens the same network and view in the full page', () => withFigure(async (page, context) => {
  await page.evaluate(() => {
    const el = document.querySelector('backprop-playground');
    el.step(7);
    el.view.digits = 6;
    el.select('w3.1.2');
  });
  const figure = await page.evaluate(() => JSON.stringify(document.querySelector('backprop-playground').state));
  const open = control(page, '[data-figure="open"]');
  await open.hover(); // the link takes the network as it is now
  const href = await open.getAttribute('href');
  assert.equal(await open.getAttribute('target'), '_blank');
  assert.equal(await open.textContent(), STRINGS.en.fullPage);
  const url = new URL(href);
  assert.equal(url.pathname, '/index.html', 'the full page beside the module');
  const params = new URLSearchParams(url.hash.slice(1));
  assert.match(params.get('s'), /^1\.[A-Za-z0-9_-]+$/);
  assert.equal(params.get('digits'), '6');
  assert.equal(params.get('sel'), 'w3.1.2');
  const { page: full, problems } = await openTab(context, `${url.pathname.slice(1)}${url.hash}`);
  const there = await full.evaluate(() => {
    const el = document.querySelector('backprop-playground');
    return { state: JSON.stringify(el.state), digits: el.view.digits, selected: el.selected, owns: el.hasAttribute('url-state') };
  });
  assert.deepEqual(there, { state: figure, digits: 6, selected: 'w3.1.2', owns: true }, 'the full page has the figure’s network, bit for bit');
  assert.deepEqual(problems, [], 'the full page logged errors');

  // Changed since it was pointed at (a shortcut, with the link focused), the link still opens the network as it is.
  await open.focus();
  const now = await page.evaluate(() => {
    const el = document.querySelector('backprop-playground');
    el.step(2);
    return JSON.stringify(el.state);
  });
  const [tab] = await Promise.all([context.waitForEvent('page'), open.press('Enter')]);
  const opened = await tab.evaluate(async () => {
    await customElements.whenDefined('backprop-playground');
    const el = document.querySelector('backprop-playground');
    await el.ready;
    return JSON.stringify(el.state);
  });
  assert.equal(opened, now, 'the new tab has the network as it was when the link was followed');
}));

test('in Chinese the figure’s More and link are worded in Chinese, and each control’s name holds its label', () => withFigure(async (page) => {
  assert.equal(await control(page, '[data-figure="more"]').textContent(), STRINGS.zh.moreParts);
  assert.equal(await control(page, '[data-figure="open"]').textContent(), STRINGS.zh.fullPage);
  const href = await page.evaluate(() => {
    const a = document.querySelector('backprop-playground').shadowRoot.querySelector('[data-figure="open"]');
    a.focus();
    return a.href;
  });
  assert.equal(new URLSearchParams(new URL(href).hash.slice(1)).get('lang'), 'zh', 'the full page opens in Chinese');
  await page.screenshot({ path: `${ARTIFACTS}figure-700-zh.png`, fullPage: true });
  const names = await page.evaluate(() => {
    const root = document.querySelector('backprop-playground').shadowRoot;
    return [...root.querySelectorAll('button, a, [role="tab"]')].filter((el) => el.checkVisibility() && el.getClientRects().length)
      .map((el) => ({ visible: el.textContent.replace(/\s+/g, ' ').trim(), name: el.getAttribute('aria-label') ?? el.textContent.replace(/\s+/g, ' ').trim() }));
  });
  assert.ok(names.length >= 7, `${names.length} controls`);
  for (const { visible, name } of names) assert.ok(name.includes(visible), `“${name}” lacks “${visible}”`);
}, { query: '?lang=zh' }));

test('`controls` still names the parts: no More, the link only where it is named', () => withFigure(async (page) => {
  const parts = await page.evaluate(async () => {
    const make = async (controls) => {
      const el = document.createElement('backprop-playground');
      el.setAttribute('controls', controls);
      document.querySelector('main').append(el);
      await el.ready;
      const shown = [...el.shadowRoot.querySelectorAll('[data-panel]')].filter((p) => p.checkVisibility()).map((p) => p.dataset.panel);
      const tabs = [...el.shadowRoot.querySelectorAll('.tabs [role="tab"]')].filter((b) => b.checkVisibility()).length;
      return { shown: shown.sort(), tabs };
    };
    return { plain: await make('steps,training,lessons'), linked: await make('steps,walk,open') };
  });
  assert.deepEqual(parts.plain, { shown: ['lessons', 'steps', 'training'], tabs: 8 });
  assert.deepEqual(parts.linked.shown, ['open', 'steps', 'walk']);
}));
