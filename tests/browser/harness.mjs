// Shared set-up for the browser tests: serves dist/, drives Debian's
// Chromium through playwright-core, and fails a test whenever its page logs
// a console error, throws, or has a request fail.
//
//   import { pageTest } from './harness.mjs';
//   pageTest('forward shows z', async ({ page, pg }) => { ... });

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../server.mjs';

export const DIST = process.env.DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let server = null;
let browser = null;

before(async () => {
  server = await serve(DIST, 0);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Opens the page in a fresh context (a touch screen with `touch`); resolves
 * once the element is ready. `init` is a script run in the page before its
 * own (context.addInitScript).
 */
export async function openPage({ viewport = { width: 1400, height: 900 }, path = '', init = null, touch = false } = {}) {
  const context = await browser.newContext({ viewport, hasTouch: touch });
  if (init) await context.addInitScript(init);
  return { ...(await openTab(context, path)), context };
}

/**
 * Opens the page in another tab of `context` (which shares its storage);
 * `problems` collects what it logs wrong.
 */
export async function openTab(context, path = '') {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A navigation cancels what is still in flight (KaTeX, fetched after the
    // first drawing, say): that is the browser's doing, not a broken request.
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(server.url + path);
  await page.evaluate(async () => {
    await customElements.whenDefined('backprop-playground');
    await document.querySelector('backprop-playground').ready;
  });
  return { page, problems };
}

/**
 * A test with its own page. `fn` gets `{ page, core }`; `core` runs the wasm
 * core directly (see `runCore`). After `fn` the page must have logged nothing wrong.
 */
export function pageTest(name, fn, { viewport, touch } = {}) {
  test(name, async () => {
    const { page, context, problems } = await openPage({ viewport, touch });
    try {
      await fn({ page, core: (stateJson, calls) => runCore(page, stateJson, calls) });
      assert.deepEqual(problems, [], 'the page logged errors');
    } finally {
      await context.close();
    }
  });
}

/**
 * Runs the wasm core itself in the page, beside the element: an independent
 * reference for what the element shows. Loads the state `stateJson` (JSON
 * text, parsed with JSON.parse) into a new Playground and makes `calls`, e.g.
 * [['step', 1], ['trace']]; returns each call's result, or `{ error, code,
 * field, params }` with the message and code of the Error it threw.
 */
export function runCore(page, stateJson, calls) {
  return page.evaluate(async ({ stateJson, calls }) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    const pg = new m.Playground(JSON.parse(stateJson));
    try {
      const coded = (err) => ({ error: err.message, code: err.code, field: err.field, params: err.params });
      return calls.map(([method, ...args]) => {
        try {
          const out = pg[method](...args) ?? null;
          // step's `error` is an Error, which would cross without its code: as the message and its parts.
          if (out?.error instanceof Error) out.error = { ...coded(out.error), message: out.error.message };
          return out;
        } catch (err) {
          return coded(err);
        }
      });
    } finally {
      pg.free();
    }
  }, { stateJson, calls });
}

/**
 * What the core throws when loading the state text `json`, as `{ message,
 * code, field, params }`, or null if it loads. Text that is not JSON stops
 * at JSON.parse, as it does in the page: code `not_json`.
 */
export const coreRefuses = (page, json) => page.evaluate(async (json) => {
  const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
  await m.default();
  let state;
  try {
    state = JSON.parse(json);
  } catch (err) {
    return { message: `state: not valid JSON: ${err.message}`, code: 'not_json', field: 'state', params: { detail: err.message } };
  }
  try {
    new m.Playground(state).free();
    return null;
  } catch (err) {
    return { message: err.message, code: err.code, field: err.field, params: err.params };
  }
}, json);

/**
 * Loads `net` into the element (a preset's name, by the core's own JSON; a
 * state object; or null for the page's own start) and runs its backward
 * pass; resolves after two frames, for the resize observers and the fades
 * to follow the new drawing.
 */
export const loadNet = (page, net) => page.evaluate(async (net) => {
  const el = document.querySelector('backprop-playground');
  if (typeof net === 'string') {
    const { preset } = await import(new URL('./core.js', document.baseURI).href);
    el.state = preset(net);
  } else if (net) el.state = net;
  el.backward();
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
}, net);

/** The element's state as JSON text, as the page's history keeps it. */
export const stateJson = (page) => page.evaluate(() => JSON.stringify(document.querySelector('backprop-playground').state));

/** Every value label in the diagram: core name → data-value as a number (null when not computed yet). */
export function shown(page) {
  return page.evaluate(() => {
    const out = {};
    for (const el of document.querySelector('backprop-playground').shadowRoot.querySelectorAll('svg [data-name]')) {
      const v = el.getAttribute('data-value');
      out[el.getAttribute('data-name')] = v === null ? null : Number(v);
    }
    return out;
  });
}

/** A locator for a control inside the element's shadow root (playwright pierces open shadow roots). */
export const control = (page, selector) => page.locator(`backprop-playground ${selector}`);

/**
 * Names and values a trace and state say the diagram should show for `sample`,
 * written out from the format (docs/format.md), independently of the page's code.
 */
export function expected(state, trace, { sample = 0, backward = false } = {}) {
  const out = {};
  state.weights.forEach((W, i) => W.forEach((row, j) => row.forEach((w, k) => {
    out[`w${i + 2}.${j + 1}.${k + 1}`] = w;
    if (backward) out[`gw${i + 2}.${j + 1}.${k + 1}`] = trace.grad_weights[i][j][k];
  })));
  state.biases.forEach((B, i) => B.forEach((b, j) => {
    out[`b${i + 2}.${j + 1}`] = b;
    if (backward) out[`gb${i + 2}.${j + 1}`] = trace.grad_biases[i][j];
  }));
  const s = trace.samples[sample];
  s.layers.forEach((layer, i) => layer.a.forEach((a, j) => {
    out[`a${i + 1}.${j + 1}`] = a;
    if (i > 0) out[`z${i + 1}.${j + 1}`] = layer.z[j];
    if (i > 0 && backward) out[`d${i + 1}.${j + 1}`] = layer.delta[j];
  }));
  state.samples[sample].input.forEach((x, k) => (out[`x${sample + 1}.${k + 1}`] = x));
  state.samples[sample].target.forEach((y, j) => (out[`y${sample + 1}.${j + 1}`] = y));
  out[`loss.${sample + 1}`] = s.loss;
  out.loss = trace.loss;
  return out;
}

/** Asserts every expected value is on screen exactly. */
export function assertShows(actual, want, what = '') {
  for (const [name, v] of Object.entries(want)) {
    assert.ok(name in actual, `${what}: no label for ${name}`);
    assert.equal(actual[name], v, `${what}: ${name} shows ${actual[name]}, the core says ${v}`);
  }
}
