// Play on a data set trains in a module worker (trainer.js, worker.js) that
// runs the same wasm core on a copy of the state. The reference is a second
// Playground on the main thread, loaded with the state Play started from and
// trained the same number of steps: the element's state and trace must be
// the same to the bit. Pause keeps exactly the steps shown, and a result
// the worker posts for a state the page has left (a pause, an undo, a new
// state) never lands.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { control, openPage, pageTest, runCore, stateJson } from './harness.mjs';

/**
 * Sets the page up for watching the worker: the page's own core counts the
 * steps it takes (none should be taken while the worker trains), each
 * worker is kept, and the step counts of the `step` change events are
 * recorded. Loads `state` (a data set, so Play goes to the worker) and
 * sets the speed to auto, so the worker is nearly always busy.
 */
async function watch(page, state = null) {
  await page.evaluate(async (state) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    const el = document.querySelector('backprop-playground');
    const w = (window.__watch = { here: 0, shown: [], workers: [], late: 0, acted: false, onAsk: null, loads: 0 });
    const step = m.Playground.prototype.step;
    m.Playground.prototype.step = function (n) {
      w.here += n;
      return step.call(this, n);
    };
    const Plain = window.Worker;
    if (Plain) {
      window.Worker = class extends Plain {
        constructor(...args) {
          super(...args);
          w.workers.push(this);
          this.addEventListener('message', () => w.acted && w.late++);
        }

        // Right after the page asks for steps, while they are surely in flight.
        postMessage(data, ...rest) {
          super.postMessage(data, ...rest);
          if (data?.load !== undefined) w.loads++;
          if (data?.steps && w.onAsk) queueMicrotask(w.onAsk);
          if (data?.steps) w.onAsk = null;
        }
      };
    }
    el.addEventListener('change', (e) => {
      if (e.detail.reason === 'step') w.shown.push(el.trainingLog.at(-1).step);
    });
    if (state) el.state = state;
    el.view.epochs = null;
    el.view.speed = 0;
  }, state);
}

/**
 * Plays until `frames` frames have shown the worker's steps, then, once a
 * request is in flight, does `action`: `pause`, `undo` (the button), or
 * `state` (loads `window.__next`, and Play goes on).
 */
const playThen = (page, frames, action) => page.evaluate(async ({ frames, action }) => {
  const el = document.querySelector('backprop-playground');
  const w = window.__watch;
  const from = w.shown.length;
  el.play();
  while (w.shown.length < from + frames) await new Promise((r) => setTimeout(r, 10));
  const act = () => {
    w.acted = true;
    if (action === 'pause') el.pause();
    else if (action === 'undo') el.shadowRoot.querySelector('[data-action="undo"]').click();
    else if (action === 'state') el.state = window.__next;
    return { step: el.state.step, playing: el.playing };
  };
  // With a worker, act once the page has asked it for more steps; without one, at once.
  const out = await (w.workers.length ? new Promise((r) => (w.onAsk = () => r(act()))) : act());
  // Long enough for any answer in flight to come back, and for frames to run.
  await new Promise((r) => setTimeout(r, 400));
  return { out, late: w.late, here: w.here, workers: w.workers.length, shown: w.shown };
}, { frames, action });

/** A spiral of 500 samples on 8 layers of 16: enough work that each request takes a while. */
const bigSpiral = (page, seed) => page.evaluate(async (seed) => {
  const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
  return {
    layers: [2, 16, 16, 16, 16, 16, 16, 1], activation: 'tanh', loss: 'squared_error',
    learning_rate: 0.03, batch_size: 10, seed, samples: m.dataset('spiral', 500, 0.1, seed),
  };
}, seed);

/** The main-thread core's state and trace after `n` steps from the state text `from`. */
async function reference(page, from, n) {
  const [, state, trace] = await runCore(page, from, [['train', n], ['state'], ['trace']]);
  return { state, trace };
}

pageTest('Play on a data set trains in the worker, to the same bits as the main-thread core', async ({ page }) => {
  await watch(page); // before the data set, which starts the worker
  await control(page, '[data-dataset="spiral"]').click();
  await page.evaluate(() => {
    const el = document.querySelector('backprop-playground');
    el.view.epochs = null;
    el.view.speed = 0;
  });
  const start = await stateJson(page);
  const got = await playThen(page, 5, 'pause');
  const state = JSON.parse(await stateJson(page));
  assert.equal(got.workers, 1, 'one worker');
  assert.equal(got.here, 0, 'the page’s own core took no step');
  assert.ok(state.step > 0);
  const want = await reference(page, start, state.step);
  assert.deepEqual(state, want.state, 'weights, biases and counters to the bit');
  assert.deepEqual(await page.evaluate(() => document.querySelector('backprop-playground').trace()), want.trace,
    'trace() reads the main-thread copy, in step');
  // Play again goes on from there, in the same worker.
  const again = await playThen(page, 3, 'pause');
  const next = JSON.parse(await stateJson(page));
  assert.equal(again.workers, 1, 'the worker is kept');
  assert.ok(next.step > state.step);
  assert.deepEqual(next, (await reference(page, start, next.step)).state);
});

pageTest('Pause stops at once and keeps exactly the steps shown; the answer in flight is dropped', async ({ page }) => {
  await watch(page, await bigSpiral(page, 7));
  const start = await stateJson(page);
  const got = await playThen(page, 4, 'pause');
  const state = JSON.parse(await stateJson(page));
  assert.equal(got.out.playing, false);
  assert.ok(got.out.step > 0, 'steps were taken');
  assert.equal(got.out.step, got.shown.at(-1), 'the steps the worker posted and the page showed');
  assert.equal(state.step, got.out.step, 'nothing changed after Pause');
  assert.ok(got.late >= 1, 'the worker answered after Pause');
  assert.deepEqual(state, (await reference(page, start, state.step)).state);
  const log = await page.evaluate(() => document.querySelector('backprop-playground').trainingLog);
  assert.equal(log.at(-1).step, state.step, 'the log ends at the last step kept');
  // The whole run is one Undo step.
  await control(page, '[data-action="undo"]').click();
  assert.equal(await stateJson(page), start);
});

pageTest('Undo during worker training goes back, and a late answer does not overwrite it', async ({ page }) => {
  await watch(page, await bigSpiral(page, 8));
  const start = await stateJson(page);
  const got = await playThen(page, 3, 'undo');
  assert.equal(got.out.playing, false, 'Undo stops Play');
  assert.ok(got.late >= 1, 'the worker answered after Undo');
  assert.equal(await stateJson(page), start, 'back to where Play started');
  // Redo brings back the steps shown before Undo, to the bit.
  await control(page, '[data-action="redo"]').click();
  const redone = JSON.parse(await stateJson(page));
  assert.equal(redone.step, got.shown.at(-1));
  assert.deepEqual(redone, (await reference(page, start, redone.step)).state);
});

pageTest('a new state during worker training goes on from the new state, never the old one', async ({ page }) => {
  await watch(page, await bigSpiral(page, 9));
  const next = await bigSpiral(page, 10);
  await page.evaluate((next) => (window.__next = next), next);
  const got = await playThen(page, 3, 'state'); // Play goes on, from this state
  assert.deepEqual(got.out, { step: 0, playing: true });
  await page.waitForFunction(() => document.querySelector('backprop-playground').trace().step > 0);
  const state = JSON.parse(await page.evaluate(() => {
    const el = document.querySelector('backprop-playground');
    el.pause();
    return JSON.stringify(el.state);
  }));
  assert.ok(state.step > 0, 'Play went on from the new state');
  assert.deepEqual(state, (await reference(page, JSON.stringify(next), state.step)).state,
    'the new state trained, with nothing of the old run in it');
});

pageTest('Train ×10 and ×100 on a large data set train in the worker, press after press, one Undo step each', async ({ page }) => {
  await watch(page, await bigSpiral(page, 11));
  const start = await stateJson(page);
  const got = await page.evaluate(async () => {
    const el = document.querySelector('backprop-playground');
    const w = window.__watch;
    const button = (action) => el.shadowRoot.querySelector(`[data-action="${action}"]`);
    button('train100').click();
    button('train10').click(); // pressed before the first has come back
    const atOnce = el.state.step;
    while (w.shown.length < 2) await new Promise((r) => setTimeout(r, 10));
    return { atOnce, here: w.here, shown: w.shown, log: el.trainingLog.length };
  });
  assert.equal(got.atOnce, 0, 'the page goes on while the worker trains');
  assert.deepEqual(got.shown, [100, 110], 'each press, in order');
  assert.equal(got.here, 0, 'the page’s own core took no step');
  assert.equal(got.log, 110, 'every step logged');
  const state = JSON.parse(await stateJson(page));
  assert.deepEqual(state, (await reference(page, start, 110)).state);
  await control(page, '[data-action="undo"]').click();
  assert.equal(JSON.parse(await stateJson(page)).step, 100, 'Undo takes back the last press');
  await control(page, '[data-action="undo"]').click();
  assert.equal(await stateJson(page), start);
});

pageTest('el.step on a data set loads the worker only when the page’s state changed since its last steps', async ({ page }) => {
  await watch(page, await bigSpiral(page, 12));
  const start = await stateJson(page);
  const loads = () => page.evaluate(() => window.__watch.loads);
  const step = (n) => page.evaluate((n) => document.querySelector('backprop-playground').step(n).then((r) => r.step), n);
  assert.equal(await step(1000), 1000);
  assert.equal(await loads(), 1);
  assert.equal(await step(1000), 2000);
  assert.equal(await loads(), 1, 'the worker goes on from the state it trained and the page took on');
  assert.equal(await page.evaluate(() => window.__watch.here), 0, 'the page’s own core took no step');
  assert.deepEqual(JSON.parse(await stateJson(page)), (await reference(page, start, 2000)).state);
  // Undo leaves the state the worker holds: the next call loads the one on screen.
  await control(page, '[data-action="undo"]').click();
  assert.equal(await step(1000), 2000);
  assert.equal(await loads(), 2);
  assert.deepEqual(JSON.parse(await stateJson(page)), (await reference(page, start, 2000)).state, 'from step 1,000, not 2,000');
});

pageTest('Play on a data set the worker already holds starts without sending it the state again', async ({ page }) => {
  await watch(page, await bigSpiral(page, 13));
  const start = await stateJson(page);
  await playThen(page, 2, 'pause');
  assert.equal(await page.evaluate(() => window.__watch.loads), 1, 'loaded once, with the state, and Play trained from it');
  const state = JSON.parse(await stateJson(page));
  assert.ok(state.step > 0, 'it trained');
  assert.deepEqual(state, (await reference(page, start, state.step)).state);
});

test('without module workers Play trains on the main thread, to the same bits', async () => {
  const { page, context, problems } = await openPage({ init: () => delete window.Worker });
  try {
    await control(page, '[data-dataset="spiral"]').click();
    await watch(page);
    const start = await stateJson(page);
    const got = await playThen(page, 5, 'pause');
    const state = JSON.parse(await stateJson(page));
    assert.equal(got.workers, 0);
    assert.equal(got.here, state.step, 'every step taken by the page’s own core');
    assert.deepEqual(state, (await reference(page, start, state.step)).state);
    assert.deepEqual(problems, [], 'the page logged errors');
  } finally {
    await context.close();
  }
});

pageTest('on a big network the values no one sees wait while playing: a tooltip shows them as they are, and Pause brings every one up to date', async ({ page }) => {
  await watch(page, await bigSpiral(page, 3));
  const during = await page.evaluate(async () => {
    const el = document.querySelector('backprop-playground');
    const r = el.shadowRoot;
    const value = () => Number(r.querySelector('svg [data-name="w4.3.2"]').getAttribute('data-value'));
    await el.drawn; // the unseen values of the loaded state are written in idle time: all of them before Play
    const start = el.state.weights[2][2][1];
    const before = value();
    el.play();
    await new Promise((ok) => setTimeout(ok, 800));
    const waiting = value();
    // A wire of a collapsed gap: its label is never drawn, only its tooltip.
    const edge = r.querySelector('.edge[data-tip="w4.3.2"]');
    edge.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    const shown = value();
    const tip = r.querySelector('.tip').textContent;
    edge.dispatchEvent(new PointerEvent('pointerout', { bubbles: true, composed: true }));
    return { start, before, waiting, shown, tip, step: el.state.step };
  });
  assert.equal(during.before, during.start, 'before Play the hidden value is the core’s');
  assert.ok(during.step > 0, 'it trained');
  assert.equal(during.waiting, during.start, 'while playing the hidden value waited');
  assert.notEqual(during.shown, during.start, 'the tooltip brought it up to date');
  assert.match(during.tip, /=/);
  const after = await page.evaluate(async () => {
    const el = document.querySelector('backprop-playground');
    el.pause();
    await el.drawn; // the unseen values follow in idle time
    const { weights, biases } = el.state;
    const r = el.shadowRoot;
    const wrong = [];
    weights.forEach((layer, i) => layer.forEach((row, j) => row.forEach((w, k) => {
      const name = `w${i + 2}.${j + 1}.${k + 1}`;
      if (Number(r.querySelector(`svg [data-name="${name}"]`).getAttribute('data-value')) !== w) wrong.push(name);
    })));
    biases.forEach((layer, i) => layer.forEach((b, j) => {
      const name = `b${i + 2}.${j + 1}`;
      if (Number(r.querySelector(`svg [data-name="${name}"]`).getAttribute('data-value')) !== b) wrong.push(name);
    }));
    // The spoken labels (written in idle time on a big network) say the values shown.
    const labelled = [...r.querySelectorAll('svg [data-edit][aria-label]')].filter((e) => /^[wb]/.test(e.dataset.edit));
    const unspoken = labelled.filter((e) => {
      const shown = r.querySelector(`svg [data-name="${e.dataset.edit}"]`).textContent;
      return !e.getAttribute('aria-label').includes(`= ${shown}.`);
    }).map((e) => e.dataset.edit);
    return { wrong, labelled: labelled.length, unspoken };
  });
  assert.deepEqual(after.wrong, [], 'after Pause every w and b shows the core’s value');
  assert.ok(after.labelled > 20, `spoken labels found: ${after.labelled}`);
  assert.deepEqual(after.unspoken, [], 'after Pause every spoken label says the value shown');
});
