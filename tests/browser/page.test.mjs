// The page loads cleanly, draws every label of the 2-2-2 network, keeps its
// labels apart, and looks right on a desktop and a phone.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { ARTIFACTS, control, pageTest, shown } from './harness.mjs';

const count = (values, prefix, computed = true) =>
  Object.entries(values).filter(([name, v]) => new RegExp(`^${prefix}\\d`).test(name) && (v !== null) === computed).length;

/** Boxes of the visible labels, cards and chips that overlap one another. */
function overlaps(page) {
  return page.evaluate(() => {
    const root = document.querySelector('backprop-playground').shadowRoot;
    const boxes = [...root.querySelectorAll('.elabel:not(.collapsed) rect, .card, .chip rect, .lossbox rect')]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0);
    const name = (el) => el.closest('[data-tip], [id]')?.getAttribute('data-tip') ?? el.closest('[id]')?.id ?? el.getAttribute('class');
    const out = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
          out.push(`${name(boxes[i].el)} × ${name(boxes[j].el)}`);
        }
      }
    }
    return out;
  });
}

pageTest('the page loads with its heading, one element and a strict CSP', async ({ page }) => {
  assert.equal(await page.locator('h1').textContent(), 'Backprop playground');
  assert.equal(await page.locator('backprop-playground').count(), 1);
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline scripts');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.ok(await page.evaluate(() => document.querySelector('backprop-playground').shadowRoot.querySelector('link[rel=stylesheet]')));
  await control(page, 'button[data-action="forward"]').waitFor();
});

pageTest('every w, b, z, a, δ and ∂L/∂w label of the 2-2-2 network is on screen', async ({ page }) => {
  const trace = await page.evaluate(() => document.querySelector('backprop-playground').trace());
  const weights = trace.grad_weights.flat(2).length;
  const neurons = trace.samples[0].layers.slice(1).reduce((n, l) => n + l.z.length, 0);
  const inputs = trace.samples[0].layers[0].a.length;
  assert.deepEqual([weights, neurons, inputs], [8, 4, 2]);

  let v = await shown(page);
  assert.equal(count(v, 'w'), weights);
  assert.equal(count(v, 'b'), neurons);
  assert.equal(count(v, 'z', false), neurons, 'z waits for Forward');
  assert.equal(count(v, 'd', false), neurons, 'δ waits for Backward');
  assert.equal(count(v, 'gw', false), weights, '∂L/∂w waits for Backward');

  await control(page, 'button[data-action="forward"]').click();
  v = await shown(page);
  assert.equal(count(v, 'z'), neurons);
  assert.equal(count(v, 'a'), neurons + inputs);
  assert.equal(count(v, 'd'), 0);

  await control(page, 'button[data-action="backward"]').click();
  v = await shown(page);
  assert.equal(count(v, 'd'), neurons);
  assert.equal(count(v, 'gw'), weights);
  assert.equal(count(v, 'gb'), neurons);

  // Each label is really visible, with a stable id and its value as text.
  const hidden = await page.evaluate(() => [...document.querySelector('backprop-playground').shadowRoot.querySelectorAll('svg [data-name]')]
    .filter((el) => !el.checkVisibility() || el.getBoundingClientRect().width === 0 || !el.id)
    .map((el) => el.getAttribute('data-name')));
  assert.deepEqual(hidden, []);
  const w = control(page, '[data-name="w3.1.2"]');
  const state = await page.evaluate(() => document.querySelector('backprop-playground').state);
  assert.equal(await w.getAttribute('id'), 'w3-1-2');
  assert.equal(await w.textContent(), state.weights[1][0][1].toPrecision(4), 'shown to the default 4 significant digits');
});

pageTest('labels, cards and chips never overlap, from 2-2-2 to 8 layers of 16', async ({ page }) => {
  await control(page, 'button[data-action="backward"]').click();
  assert.deepEqual(await overlaps(page), [], '2-2-2');
  for (const state of [
    { layers: [2, 4, 1], activations: ['tanh', 'sigmoid'] },
    { layers: [3, 5, 4, 2], activation: 'relu' },
    { layers: [4, 4, 4], activation: 'tanh' },
    { layers: [16, 16, 16, 16, 16, 16, 16, 16], activation: 'tanh' },
  ]) {
    await page.evaluate((s) => (document.querySelector('backprop-playground').state = s), state);
    await control(page, 'button[data-action="backward"]').click();
    assert.deepEqual(await overlaps(page), [], JSON.stringify(state.layers));
  }
  // In the biggest network the values move to tooltips: hovering a neuron shows them.
  const node = control(page, '#node-4-7');
  await node.hover();
  const tip = control(page, '.tip');
  await tip.waitFor();
  const z = await control(page, '[data-name="z4.7"]').textContent();
  assert.match(await tip.textContent(), new RegExp(`z⁴₇ = ${z}`));
});

for (const [name, viewport] of [['desktop', { width: 1400, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  pageTest(`a ${name} screenshot after forward and backward (${viewport.width}×${viewport.height})`, async ({ page }) => {
    await control(page, 'button[data-action="forward"]').click();
    await control(page, 'button[data-action="backward"]').click();
    await page.mouse.move(0, 0);
    // The page itself never scrolls sideways; a wide diagram scrolls inside its own box.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `page is ${width}px wide in a ${viewport.width}px window`);
    for (const action of ['forward', 'backward', 'step', 'train10']) {
      const box = await control(page, `button[data-action="${action}"]`).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width, `${action} button fits on screen`);
    }
    assert.deepEqual(await overlaps(page), []);
    // Scrolling the diagram's own box brings the far end, the targets, into view.
    await control(page, '.scroller').evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const target = await control(page, '#y-1').boundingBox();
    assert.ok(target.x >= 0 && target.x + target.width <= viewport.width, 'the targets can be scrolled into view');
    await control(page, '.scroller').evaluate((el) => (el.scrollLeft = 0));
    await page.waitForTimeout(1200); // let the change highlights fade
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}${name}-${viewport.width}x${viewport.height}.png` });
    await page.screenshot({ path: `${ARTIFACTS}${name}-${viewport.width}x${viewport.height}-full.png`, fullPage: true });
  }, { viewport });
}

pageTest('the page preloads every module it imports and the wasm, and fetches each file once', async ({ page }) => {
  await page.waitForLoadState('networkidle'); // the spare glue comes once the core has loaded
  const { preloaded, fetched, urls } = await page.evaluate(() => ({
    preloaded: [...document.querySelectorAll('link[rel="modulepreload"], link[rel="preload"]')].map((l) => new URL(l.href).pathname),
    fetched: performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname),
    // The spare copy of the wasm-bindgen glue that core.js imports for a recovery has a URL of its own.
    urls: performance.getEntriesByType('resource').map((r) => { const u = new URL(r.name); return u.pathname + u.search; }),
  }));
  assert.ok(preloaded.includes('/pkg/backprop_playground_bg.wasm'), 'the wasm core is preloaded');
  assert.ok(preloaded.includes('/backprop-playground.js'), 'the element is preloaded');
  // KaTeX comes later, on purpose: after the network is drawn.
  const modules = fetched.filter((p) => p.endsWith('.js') && !p.startsWith('/vendor/'));
  assert.deepEqual(modules.filter((p) => !preloaded.includes(p) && p !== '/page.js'), [], 'every module the page loads was preloaded');
  assert.deepEqual(preloaded.filter((p) => !fetched.includes(p)), [], 'nothing preloaded goes unused');
  assert.deepEqual(urls.filter((p, i) => urls.indexOf(p) !== i), [], 'no file is fetched twice');
  assert.deepEqual(urls.filter((p) => p.includes('?')), ['/pkg/backprop_playground.js?instance=1'], 'only the spare glue, once');
});
