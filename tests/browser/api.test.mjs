// The element's public API, as API.md documents it.

import assert from 'node:assert/strict';
import { assertShows, expected, openPage, pageTest, shown, stateJson } from './harness.mjs';

pageTest('ready resolves, and state reads back the core’s state', async ({ page, core }) => {
  const state = await page.evaluate(async () => {
    const el = document.querySelector('backprop-playground');
    await el.ready;
    return el.state;
  });
  const [own] = await core(JSON.stringify(state), [['state']]);
  assert.deepEqual(state, own);
  assert.deepEqual(state.layers, [2, 2, 2]);
});

pageTest('setting state loads it and redraws; an invalid state throws the core’s Error and keeps the old one', async ({ page, core }) => {
  const next = { layers: [3, 4, 2], activation: 'tanh', samples: [{ input: [1, -1, 0.5], target: [0, 1] }] };
  const result = await page.evaluate(async (next) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    const el = document.querySelector('backprop-playground');
    el.state = JSON.stringify(m.preset('xor')); // JSON text works too
    el.view.sample = 3;
    const events = [];
    el.addEventListener('change', (e) => events.push(e.detail.reason));
    el.state = next;
    return { events, state: el.state, sample: el.view.sample };
  }, next);
  assert.deepEqual(result.events, ['state'], 'one change event');
  assert.equal(result.sample, 0, 'the first sample is shown');
  assert.deepEqual(result.state.layers, [3, 4, 2]);
  const [own] = await core(JSON.stringify(next), [['state']]);
  assert.deepEqual(result.state, own, 'the core drew the weights from the seed');
  assert.ok('w2.4.3' in (await shown(page)));

  const before = await stateJson(page);
  const bad = { ...JSON.parse(before), learning_rate: -1 };
  let refused;
  try {
    await core(JSON.stringify(bad), []);
  } catch (err) {
    refused = err.message;
  }
  assert.ok(refused, 'the core refuses a negative learning rate');
  const thrown = await page.evaluate((bad) => {
    const el = document.querySelector('backprop-playground');
    let events = 0;
    el.addEventListener('change', () => events++);
    try {
      el.state = bad;
      return null;
    } catch (err) {
      return { isError: err instanceof Error, message: err.message, events };
    }
  }, bad);
  assert.equal(thrown.isError, true);
  assert.ok(refused.includes(thrown.message), `“${thrown.message}” is the core’s message`);
  assert.equal(thrown.events, 0, 'no change event');
  assert.equal(await stateJson(page), before);
});

pageTest('forward(), backward() and trace() return the core’s traces and draw them', async ({ page, core }) => {
  const [fwd, full, state] = await core(await stateJson(page), [['forward'], ['trace'], ['state']]);
  const got = await page.evaluate(() => {
    const el = document.querySelector('backprop-playground');
    return { fwd: el.forward(), trace: el.trace() };
  });
  assert.deepEqual(got.fwd, fwd);
  assert.deepEqual(got.trace, full);
  assertShows(await shown(page), expected(state, fwd), 'forward()');
  assert.deepEqual(await page.evaluate(() => document.querySelector('backprop-playground').backward()), full);
  assertShows(await shown(page), expected(state, full, { backward: true }), 'backward()');
});

/**
 * Loads 2-8-8-1 tanh on `count` of the core's XOR points, batch 10: a step(n)
 * long enough to run in slices, in the page's own core up to 64 samples and
 * in its worker above.
 */
const loadBig = (page, count) => page.evaluate(async (count) => {
  const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
  const el = document.querySelector('backprop-playground');
  el.state = { layers: [2, 8, 8, 1], activation: 'tanh', learning_rate: 0.03, batch_size: 10, seed: 1, samples: m.dataset('xor', count, 0.1, 1) };
}, count);

for (const [count, where] of [[60, 'the page'], [200, 'the worker']]) {
  pageTest(`a long step(n) on ${count} samples runs in slices in ${where}, the event loop free between them, to the bits of one call into the core`, async ({ page, core }) => {
    await loadBig(page, count);
    const before = await stateJson(page);
    const n = 100_000;
    const [stepped, state] = await core(before, [['step', n], ['state']]);
    const got = await page.evaluate(async (n) => {
      const el = document.querySelector('backprop-playground');
      let between = false;
      setTimeout(() => (between = true), 0); // a task queued before the call
      let slices = 0;
      el.addEventListener('change', (e) => e.detail.reason === 'step' && slices++);
      const { stopped, losses, epochs, ...rest } = await el.step(n);
      return { between, slices, stopped, losses: [...losses], epochs: [...epochs], rest, log: el.trainingLog.length };
    }, n);
    assert.ok(got.between, 'a task queued before it ran before it finished');
    assert.ok(got.slices > 1, `in slices (${got.slices})`);
    assert.equal(got.stopped, false);
    assert.deepEqual(got.losses, [...stepped.losses], 'every step’s loss, bit for bit');
    assert.deepEqual(got.epochs, [...stepped.epochs]);
    assert.deepEqual(got.rest, { step: stepped.step, epoch: stepped.epoch, loss: stepped.loss, dropout_mask: stepped.dropout_mask, error: stepped.error });
    assert.equal(await stateJson(page), JSON.stringify(state));
    // The whole call is one Undo step.
    await page.locator('backprop-playground button[data-action="undo"]').click();
    assert.equal(await stateJson(page), before);
  });

  pageTest(`on ${count} samples Pause, Reset or a new state stops a long step(n), keeping the steps it took`, async ({ page }) => {
    await loadBig(page, count);
    const before = await stateJson(page);
    for (const stop of ['pause', 'reset', 'state']) {
      const got = await page.evaluate(async (stop) => {
        const el = document.querySelector('backprop-playground');
        const start = el.state;
        const running = el.step(1_000_000);
        // once a slice has landed
        await new Promise((ok) => el.addEventListener('change', function landed(e) {
          if (e.detail.reason !== 'step') return;
          el.removeEventListener('change', landed);
          setTimeout(ok, 0);
        }));
        const shown = el.state.step;
        if (stop === 'pause') el.pause();
        else if (stop === 'reset') el.shadowRoot.querySelector('button[data-action="reset"]').click();
        else el.state = start;
        const result = await running;
        return { shown, stopped: result.stopped, step: result.step, losses: result.losses.length, now: el.state.step, start: start.step };
      }, stop);
      assert.equal(got.stopped, true, stop);
      assert.ok(got.step > got.start && got.step < got.start + 1_000_000, `${stop}: stopped part of the way (${got.step})`);
      assert.equal(got.step, got.shown, `${stop}: the result has the steps that were on screen`);
      assert.equal(got.losses, got.step - got.start, `${stop}: and their losses`);
      if (stop === 'pause') assert.equal(got.now, got.step, 'Pause keeps them on screen');
      else assert.equal(got.now, 0, `${stop}: what it loads replaces them`);
      await page.evaluate((json) => (document.querySelector('backprop-playground').state = json), before);
    }
  });
}

pageTest('step(n) is one call into the core, one redraw and one change event', async ({ page, core }) => {
  const before = await stateJson(page);
  const [stepped, state, trace] = await core(before, [['step', 25], ['state'], ['forward']]);
  const got = await page.evaluate(async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    const el = document.querySelector('backprop-playground');
    const calls = [];
    const step = m.Playground.prototype.step;
    m.Playground.prototype.step = function (n) {
      calls.push(n);
      return step.call(this, n);
    };
    const events = [];
    el.addEventListener('change', (e) => events.push(e.detail.reason));
    let mutations = 0;
    const svg = el.shadowRoot.querySelector('svg');
    const observer = new MutationObserver((records) => (mutations += records.length));
    observer.observe(svg, { subtree: true, characterData: true, childList: true, attributes: true });
    const { stopped, ...result } = await el.step(25);
    await el.drawn; // drawn once, at the next frame
    await new Promise((ok) => setTimeout(ok, 0));
    observer.disconnect();
    m.Playground.prototype.step = step;
    return { result, calls, events, mutations };
  });
  assert.deepEqual(got.calls, [25]);
  assert.deepEqual(got.events, ['step']);
  assert.deepEqual(got.result, stepped);
  assert.ok(got.mutations > 0);
  assert.equal(await stateJson(page), JSON.stringify(state));
  assertShows(await shown(page), expected(state, trace), 'step(25)');
  // step() defaults to one step.
  await page.evaluate(() => document.querySelector('backprop-playground').step());
  assert.equal(JSON.parse(await stateJson(page)).step, 26);
  // A count that is not a whole number throws and changes nothing.
  const error = await page.evaluate(() => {
    try {
      document.querySelector('backprop-playground').step(-1);
    } catch (err) {
      return err.message;
    }
  });
  assert.match(error, /^steps: /);
  assert.equal(JSON.parse(await stateJson(page)).step, 26);
});

pageTest('a state the core refuses throws its coded Error: code, field, params and the English message', async ({ page }) => {
  const before = await stateJson(page);
  const thrown = await page.evaluate(() => {
    const el = document.querySelector('backprop-playground');
    try {
      el.state = { layers: [2, 'x', 1] };
    } catch (err) {
      return { isError: err instanceof Error, message: err.message, code: err.code, field: err.field, params: err.params };
    }
    return null;
  });
  assert.ok(thrown, 'it throws');
  assert.equal(thrown.isError, true);
  assert.equal(thrown.code, 'wrong_kind');
  assert.equal(thrown.field, 'layers[1]');
  assert.deepEqual(thrown.params, { expected: 'number', got: 'string' });
  assert.equal(thrown.message, 'layers[1]: expected a number, got a string');
  assert.equal(await stateJson(page), before, 'the state is kept');
  // JSON text that is not JSON is refused the same way, by the page.
  const text = await page.evaluate(() => {
    try {
      document.querySelector('backprop-playground').state = '{"layers": [2, 2,';
    } catch (err) {
      return { code: err.code, field: err.field, params: err.params, message: err.message };
    }
    return null;
  });
  assert.equal(text.code, 'not_json');
  assert.equal(text.field, 'state');
  assert.match(text.message, /^state: not valid JSON: /);
  assert.equal(typeof text.params.detail, 'string');
  assert.ok(Number.isInteger(text.params.line) && Number.isInteger(text.params.column));
  // Nothing at all is refused by the core too, with its code, not as a JavaScript TypeError.
  const none = await page.evaluate(async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    const coded = (err) => ({ type: err.constructor.name, message: err.message, code: err.code, field: err.field, params: err.params });
    let own = null;
    try {
      new m.Playground(undefined).free();
    } catch (err) {
      own = coded(err);
    }
    try {
      document.querySelector('backprop-playground').state = undefined;
    } catch (err) {
      return { own, thrown: coded(err) };
    }
    return { own, thrown: null };
  });
  assert.ok(none.own, 'the core refuses undefined');
  assert.deepEqual(none.thrown, none.own, 'the core’s coded Error');
  assert.equal(none.thrown.code, 'wrong_kind');
  assert.equal(none.thrown.field, 'state');
  assert.equal(await stateJson(page), before, 'the state is kept');
});

pageTest('reinitialize() draws fresh weights at step 0, keeps the samples, and Undo brings the old weights back', async ({ page }) => {
  await page.evaluate(() => document.querySelector('backprop-playground').step(20));
  const before = JSON.parse(await stateJson(page));
  const got = await page.evaluate(() => {
    const el = document.querySelector('backprop-playground');
    const events = [];
    el.addEventListener('change', (e) => events.push(e.detail.reason));
    const seed = el.reinitialize();
    return { seed, events, state: el.state };
  });
  const after = got.state;
  assert.notDeepEqual(after.weights, before.weights, 'new weights');
  assert.deepEqual(after.layers, before.layers);
  assert.equal(after.step, 0);
  assert.deepEqual(after.samples, before.samples, 'the samples are kept');
  assert.equal(after.learning_rate, before.learning_rate, 'the settings are kept');
  assert.equal(after.seed, got.seed, 'the seed drawn is in the state');
  assert.ok(after.biases.flat().every((b) => b === 0), 'zero biases');
  assert.deepEqual(got.events, ['reinitialize'], 'one change event');
  // The same seed draws the same weights: the core is the reference.
  const again = await page.evaluate(async (a) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    const pg = new m.Playground(a.before);
    pg.reinitialize(a.seed);
    const s = pg.state();
    pg.free();
    return s;
  }, { before, seed: got.seed });
  assert.deepEqual(again, after);
  // One Undo step back, and Redo forward again.
  await page.locator('backprop-playground button[data-action="undo"]').click();
  assert.deepEqual(JSON.parse(await stateJson(page)), before, 'Undo brings the old weights back');
  await page.locator('backprop-playground button[data-action="redo"]').click();
  assert.deepEqual(JSON.parse(await stateJson(page)), after);
  // The toolbar button does the same.
  await page.locator('backprop-playground button[data-action="reinitialize"]').click();
  const third = JSON.parse(await stateJson(page));
  assert.notDeepEqual(third.weights, after.weights);
  assert.equal(third.step, 0);
  assert.deepEqual(third.samples, before.samples);
});

pageTest('a change event follows every change made through the page', async ({ page }) => {
  await page.evaluate(() => {
    window.reasons = [];
    document.querySelector('backprop-playground').addEventListener('change', (e) => window.reasons.push(e.detail.reason));
  });
  for (const action of ['forward', 'backward', 'step', 'undo', 'redo', 'reset']) {
    await page.locator(`backprop-playground button[data-action="${action}"]`).click();
  }
  await page.locator('backprop-playground svg [data-name="w2.1.1"]').dblclick(); // select, then edit
  await page.locator('backprop-playground .editor-input').fill('1');
  await page.locator('backprop-playground .editor-input').press('Enter');
  assert.deepEqual(await page.evaluate(() => window.reasons), ['forward', 'backward', 'step', 'undo', 'redo', 'reset', 'edit']);
});

pageTest('a big data set set through state is the state the core reads from its objects; a fault in it is still named', async ({ page }) => {
  const out = await page.evaluate(async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    const el = document.querySelector('backprop-playground');
    // 500 samples: whole numbers, −0, tiny and large values
    const samples = Array.from({ length: 500 }, (_, i) => ({
      input: [i % 9 === 0 ? -0 : i * 0.37 - 90, i % 5 === 0 ? 3 : 1e-300 * i],
      target: [i % 2],
    }));
    const state = { layers: [2, 4, 1], activations: ['tanh', 'sigmoid'], loss: 'cross_entropy', batch_size: 10, samples };
    const own = new m.Playground(state); // the core reading every sample as an object
    el.state = state;
    const same = JSON.stringify(el.state) === JSON.stringify(own.state());
    own.free();
    const before = JSON.stringify(el.state);
    const refused = (change) => {
      const bad = structuredClone(state);
      change(bad.samples);
      try {
        el.state = bad;
      } catch (err) {
        return { code: err.code, field: err.field, kept: JSON.stringify(el.state) === before };
      }
      return null;
    };
    // Reset returns to the state loaded, asked for at once or after steps.
    const reset = () => el.shadowRoot.querySelector('button[data-action="reset"]').click();
    reset();
    const resetAtOnce = JSON.stringify(el.state) === before;
    await el.step(30);
    const stepped = JSON.stringify(el.state) !== before;
    reset();
    const resetAfterSteps = JSON.stringify(el.state) === before;
    return {
      same,
      reset: [resetAtOnce, stepped, resetAfterSteps],
      word: refused((s) => (s[70].input[1] = 'x')),
      nan: refused((s) => (s[71].input[0] = NaN)),
      big: refused((s) => (s[72].input[0] = 2e6)),
      target: refused((s) => (s[73].target[0] = 2)),
      extra: refused((s) => (s[74].weight = 1)),
      short: refused((s) => s[75].input.pop()),
    };
  });
  assert.ok(out.same, 'the same state, to the bit');
  assert.deepEqual(out.reset, [true, true, true], 'Reset returns to the state loaded, at once and after steps');
  assert.deepEqual(out.word, { code: 'wrong_kind', field: 'samples[70].input[1]', kept: true });
  assert.deepEqual(out.nan, { code: 'not_finite', field: 'samples[71].input[0]', kept: true });
  assert.deepEqual(out.big, { code: 'out_of_range', field: 'samples[72].input[0]', kept: true });
  assert.deepEqual(out.target, { code: 'cross_entropy_target', field: 'samples[73].target[0]', kept: true });
  assert.deepEqual(out.extra, { code: 'unknown_sample_field', field: 'samples[74].weight', kept: true });
  assert.deepEqual(out.short, { code: 'wrong_length', field: 'samples[75].input', kept: true });
});

pageTest('a page opened on the link of a big data set holds the state the link carries, to the bit', async ({ page }) => {
  const { link, expected } = await page.evaluate(async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    const samples = m.dataset('circle', 300, 0.2, 4);
    const pg = new m.Playground({ layers: [2, 5, 1], activation: 'tanh', batch_size: 10, samples });
    pg.train(40);
    const link = pg.link();
    pg.free();
    const own = new m.Playground(m.stateFromLink(link)); // the samples read one by one
    const expected = JSON.stringify(own.state());
    own.free();
    return { link, expected };
  });
  const opened = await openPage({ path: `#s=${link}` });
  try {
    const got = await opened.page.evaluate(async () => {
      const el = document.querySelector('backprop-playground');
      await el.ready;
      return JSON.stringify(el.state);
    });
    assert.equal(got, expected);
    assert.deepEqual(opened.problems, []);
  } finally {
    await opened.context.close();
  }
});
