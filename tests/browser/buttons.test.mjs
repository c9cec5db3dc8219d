// Each button changes the numbers on screen exactly as the core says. The
// reference is a second Playground, loaded with the same state in the same
// page, that the element never touches.

import assert from 'node:assert/strict';
import { assertShows, control, expected, pageTest, shown, stateJson } from './harness.mjs';

const click = (page, action) => control(page, `button[data-action="${action}"]`).click();

pageTest('Forward shows z, a and the loss of the core’s forward pass', async ({ page, core }) => {
  const [trace, state] = await core(await stateJson(page), [['forward'], ['state']]);
  await click(page, 'forward');
  const v = await shown(page);
  assertShows(v, expected(state, trace), 'after Forward');
  assert.ok(Object.keys(v).filter((n) => /^(d|gw|gb)\d/.test(n)).every((n) => v[n] === null), 'no δ or gradient yet');
  assert.equal(await control(page, '[data-count="loss"]').getAttribute('data-value'), String(trace.loss));
});

pageTest('Backward adds every δ, ∂L/∂w and ∂L/∂b of the core’s trace', async ({ page, core }) => {
  const [trace, state] = await core(await stateJson(page), [['trace'], ['state']]);
  await click(page, 'forward');
  await click(page, 'backward');
  assertShows(await shown(page), expected(state, trace, { backward: true }), 'after Backward');
});

pageTest('Step applies one gradient step and shows the new forward pass', async ({ page, core }) => {
  await click(page, 'forward');
  await click(page, 'backward');
  const before = await stateJson(page);
  const [, state, trace] = await core(before, [['step', 1], ['state'], ['forward']]);
  await click(page, 'step');
  assert.equal(await stateJson(page), JSON.stringify(state));
  const v = await shown(page);
  assertShows(v, expected(state, trace), 'after Step');
  // Every weight moved (the seed network has no zero gradient), and the step counter says 1.
  const old = JSON.parse(before);
  assert.ok(state.weights.flat(2).every((w, i) => w !== old.weights.flat(2)[i]));
  assert.equal(await control(page, '[data-count="step"]').textContent(), String(state.step));
  assert.equal(state.step, 1);
});

pageTest('Train ×10 and ×100 take that many steps in the core', async ({ page, core }) => {
  for (const [action, n] of [['train10', 10], ['train100', 100]]) {
    const before = await stateJson(page);
    const [, state, trace] = await core(before, [['step', n], ['state'], ['forward']]);
    await click(page, action);
    assert.equal(await stateJson(page), JSON.stringify(state), action);
    assertShows(await shown(page), expected(state, trace), action);
    assert.equal(await control(page, '[data-count="step"]').textContent(), String(state.step));
  }
  assert.equal(JSON.parse(await stateJson(page)).step, 110);
});

pageTest('Undo, Redo and Reset move between whole states, bit-exact', async ({ page }) => {
  const start = await stateJson(page);
  await click(page, 'step');
  const one = await stateJson(page);
  await click(page, 'train10');
  await click(page, 'undo');
  assert.equal(await stateJson(page), one);
  await click(page, 'undo');
  assert.equal(await stateJson(page), start);
  assert.ok(await control(page, 'button[data-action="undo"]').isDisabled());
  await click(page, 'redo');
  assert.equal(await stateJson(page), one);
  await click(page, 'reset');
  assert.equal(await stateJson(page), start);
  await click(page, 'undo');
  assert.equal(await stateJson(page), one, 'Reset can be undone');
});

pageTest('Play steps on every frame until Pause, and counts as one undo', async ({ page }) => {
  const start = await stateJson(page);
  await click(page, 'play');
  await page.waitForFunction(() => document.querySelector('backprop-playground').state.step >= 5);
  await click(page, 'play');
  const stopped = JSON.parse(await stateJson(page)).step;
  await page.waitForTimeout(100);
  assert.equal(JSON.parse(await stateJson(page)).step, stopped, 'paused');
  await click(page, 'undo');
  assert.equal(await stateJson(page), start);
});

pageTest('presets come from the core, and the sample table picks the sample shown', async ({ page, core }) => {
  await control(page, 'button[data-preset="xor"]').click();
  const xor = await page.evaluate(async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    return m.preset('xor');
  });
  assert.equal(await stateJson(page), JSON.stringify(xor));
  await click(page, 'forward');
  await control(page, 'tr[data-sample="3"] button').click();
  const [trace] = await core(await stateJson(page), [['forward']]);
  assertShows(await shown(page), expected(xor, trace, { sample: 2 }), 'XOR sample 3');
  assert.equal(await control(page, '#x-1').getAttribute('data-name'), 'x3.1');
});

pageTest('the sample table keeps its rows while training and writes the core’s outputs and losses into them', async ({ page }) => {
  await control(page, 'button[data-preset="xor"]').click();
  await click(page, 'forward');
  const table = () => page.evaluate(async () => {
    const el = document.querySelector('backprop-playground');
    await el.drawn;
    const { fmt } = await import(new URL('./format.js', document.baseURI).href);
    const trace = el.trace();
    const digits = el.view.digits;
    const rows = [...el.shadowRoot.querySelectorAll('table.samples tbody tr[data-sample]')];
    return {
      kept: rows.map((tr) => tr.marked === true),
      cells: rows.map((tr) => [...tr.querySelectorAll('td')].slice(3).map((td) => td.textContent)),
      want: trace.samples.map((t) => [t.layers.at(-1).a.map((a) => fmt(a, digits)).join(', '), fmt(t.loss, digits)]),
      current: rows.map((tr) => tr.classList.contains('current')),
      note: !el.shadowRoot.querySelector('[data-note="one-traced"]').closest('tr').hidden,
    };
  });
  const before = await table();
  assert.equal(before.cells.length, 4);
  assert.deepEqual(before.cells, before.want, 'every row shows its sample’s output and loss');
  assert.deepEqual(before.current, [true, false, false, false]);
  assert.equal(before.note, false, 'four samples are all traced');
  await page.evaluate(() => {
    for (const tr of document.querySelector('backprop-playground').shadowRoot.querySelectorAll('table.samples tr[data-sample]')) tr.marked = true;
  });
  await page.evaluate(() => document.querySelector('backprop-playground').step(25));
  const after = await table();
  assert.deepEqual(after.kept, [true, true, true, true], 'the same rows, written again');
  assert.deepEqual(after.cells, after.want, 'the outputs and losses after the steps');
  assert.notDeepEqual(after.cells, before.cells);
  await control(page, 'tr[data-sample="2"] button').click();
  assert.deepEqual((await table()).current, [false, true, false, false]);
  // Other digits: the rows are built again, at the new precision.
  await page.evaluate(() => { document.querySelector('backprop-playground').view.digits = 6; });
  const wider = await table();
  assert.deepEqual(wider.kept, [false, false, false, false]);
  assert.deepEqual(wider.cells, wider.want);
});

pageTest('dropout greys out exactly the neurons the step dropped', async ({ page }) => {
  await page.evaluate(() => {
    const el = document.querySelector('backprop-playground');
    el.state = { ...el.state, layers: [2, 8, 2], weights: undefined, biases: undefined, dropout: 0.5 };
  });
  const mask = await page.evaluate(async () => {
    const el = document.querySelector('backprop-playground');
    const { dropout_mask: dropped } = await el.step(1);
    await el.drawn; // a step from code is drawn at the next frame
    return dropped;
  });
  assert.ok(mask.flat().some(Boolean), 'p = 0.5 drops someone among 8 hidden neurons');
  const greyed = await page.evaluate(() => [...document.querySelector('backprop-playground').shadowRoot.querySelectorAll('.node.dropped')]
    .map((n) => n.getAttribute('data-node')).sort());
  const want = mask.flatMap((layer, l) => layer.flatMap((d, j) => (d ? [`${l + 1}.${j + 1}`] : []))).sort();
  assert.deepEqual(greyed, want);
  await click(page, 'forward');
  assert.equal(await control(page, '.node.dropped').count(), 0, 'only for that step');
});

pageTest('the architecture editor reshapes the network and the core draws new weights', async ({ page }) => {
  await control(page, 'button[data-action="add-layer"]').click();
  let state = JSON.parse(await stateJson(page));
  assert.deepEqual(state.layers, [2, 2, 2, 2]);
  assert.equal(state.activations.length, 3);
  await control(page, 'button[data-layer-plus="3"]').click();
  await control(page, 'button[data-layer-plus="1"]').click();
  state = JSON.parse(await stateJson(page));
  assert.deepEqual(state.layers, [3, 2, 3, 2]);
  assert.deepEqual(state.samples[0].input.length, 3, 'the sample grew with the input layer');
  assert.equal(state.weights[1].length, 3);
  const v = await shown(page);
  assert.ok('w3.3.2' in v && 'b3.3' in v && 'x1.3' in v, 'the diagram has the new neurons');
  await control(page, '.layer-row[data-layer="3"] .remove').click();
  assert.deepEqual(JSON.parse(await stateJson(page)).layers, [3, 2, 2]);
  await control(page, 'select[data-field="activation-2"]').selectOption('relu');
  assert.deepEqual(JSON.parse(await stateJson(page)).activations, ['relu', 'sigmoid']);
});
