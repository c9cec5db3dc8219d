// The largest state the page takes (8 layers, 16 neurons in 6 of them,
// 10,000 samples) loads apart from its drawing, which comes with the next
// frames; the parts of its diagram never drawn (collapsed rows and wire
// labels) are built in idle time. Whenever they are read, the values are the
// core's: once drawn, in a tooltip or an export even before idle time came,
// and after Forward and Backward.

import assert from 'node:assert/strict';
import { control, pageTest } from './harness.mjs';

/** Loads the largest state into the element; resolves with the names of its weights and the core's value of each. */
const loadLargest = (page) => page.evaluate(async () => {
  const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
  const el = document.querySelector('backprop-playground');
  el.state = {
    layers: [2, 16, 16, 16, 16, 16, 16, 1], activation: 'tanh', learning_rate: 0.03, batch_size: 10, seed: 4,
    samples: m.dataset('spiral', 10000, 0.1, 4),
  };
  return el.summary;
});

/**
 * What the diagram holds for every weight, bias and neuron, beside the
 * core's own numbers for sample 0 (a Playground of its own, from the
 * element's state): `wrong` lists each value whose data-value differs.
 */
const compare = (page, { backward }) => page.evaluate(async (backward) => {
  const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
  const el = document.querySelector('backprop-playground');
  const r = el.shadowRoot;
  const pg = new m.Playground(el.state);
  const t = pg.traceSample(0, backward);
  const s = pg.state();
  pg.free();
  const wrong = [];
  let checked = 0;
  const check = (name, want) => {
    checked += 1;
    const cell = r.querySelector(`svg [data-name="${name}"]`);
    const got = cell?.getAttribute('data-value');
    if (got !== (want === undefined ? null : String(want))) wrong.push(`${name}: ${got} ≠ ${want}`);
  };
  s.weights.forEach((W, i) => W.forEach((row, j) => row.forEach((w, k) => {
    const name = `w${i + 2}.${j + 1}.${k + 1}`;
    check(name, w);
    check(`g${name}`, backward ? t.grad_weights[i][j][k] : undefined);
  })));
  s.biases.forEach((B, i) => B.forEach((b, j) => {
    const n = `${i + 2}.${j + 1}`;
    const layer = t.samples[0].layers[i + 1];
    check(`b${n}`, b);
    check(`gb${n}`, backward ? t.grad_biases[i][j] : undefined);
    check(`z${n}`, layer.z[j]);
    check(`a${n}`, layer.a[j]);
    check(`d${n}`, backward ? layer.delta[j] : undefined);
  }));
  return { wrong, checked };
}, backward);

pageTest('the largest state, once drawn, has every value in the diagram, hidden ones included, and each is the core’s', async ({ page }) => {
  const summary = await loadLargest(page);
  assert.deepEqual([summary.samples, summary.layers.length], [10000, 8]);
  const built = await page.evaluate(async () => {
    const el = document.querySelector('backprop-playground');
    await el.drawn;
    const svg = el.shadowRoot.querySelector('svg.net');
    return {
      edges: svg.querySelectorAll('.edge').length,
      labels: svg.querySelectorAll('.elabel.collapsed').length,
      rows: svg.querySelectorAll('.row.collapsed').length,
      names: svg.querySelectorAll('[data-name]').length,
      points: Number(el.shadowRoot.querySelector('.plot canvas.points').dataset.train),
    };
  });
  // 2·16 + 5·16·16 + 16 weights, each with a wire and a hidden label; 2 input
  // cards hide a, 97 cards hide b, z, δ and ∂L/∂b.
  // The data panel follows it, with every sample.
  assert.deepEqual(built, { edges: 1328, labels: 1328, rows: 2 + 97 * 4, names: 2 * 1328 + 97 * 5 + 2 * 2 + 1 + 2, points: 10000 });
  for (const backward of [false, true]) {
    await page.evaluate(async (backward) => {
      const el = document.querySelector('backprop-playground');
      if (backward) el.backward();
      else el.forward();
      await el.drawn;
    }, backward);
    const { wrong, checked } = await compare(page, { backward });
    assert.equal(checked, 2 * 1328 + 97 * 5);
    assert.deepEqual(wrong, [], backward ? 'after Backward' : 'after Forward');
  }
});

pageTest('right after the largest state loads, before idle time, a tooltip, a click on a wire and an export have the core’s values', async ({ page }) => {
  await loadLargest(page);
  const early = await page.evaluate(async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    const el = document.querySelector('backprop-playground');
    el.backward(); // drawn at once, its hidden parts still to come
    const r = el.shadowRoot;
    const pg = new m.Playground(el.state);
    const t = pg.traceSample(0, true);
    pg.free();
    const over = (target) => target.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
    const out = (target) => target.dispatchEvent(new PointerEvent('pointerout', { bubbles: true, composed: true }));
    // A neuron's small card shows a; its tooltip has z and δ, hidden rows until now.
    const node = r.querySelector('#node-4-7');
    over(node);
    const tip = r.querySelector('.tip').textContent;
    out(node);
    const cell = (name) => r.querySelector(`svg [data-name="${name}"]`);
    const z = cell('z4.7');
    const d = cell('d4.7');
    // A wire of a gap without labels: the tooltip has w and ∂L/∂w.
    const edge = r.querySelector('.edge[data-tip="w4.3.2"]');
    over(edge);
    const wireTip = r.querySelector('.tip').textContent;
    out(edge);
    const w = cell('w4.3.2');
    const gw = cell('gw4.3.2');
    // A first click on the wire selects its weight, a second opens its editor with the weight's value.
    const hit = edge.querySelector('.hit');
    hit.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    const selected = el.selected;
    hit.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    const editing = r.querySelector('.editor-input')?.value;
    const svg = (await el.exportAs('svg')).data;
    const named = new DOMParser().parseFromString(svg, 'image/svg+xml').querySelectorAll('[data-name]').length;
    return {
      tip, wireTip, selected, editing, named,
      z: [z.getAttribute('data-value'), z.textContent, String(t.samples[0].layers[3].z[6])],
      d: [d.getAttribute('data-value'), d.textContent, String(t.samples[0].layers[3].delta[6])],
      w: [w.getAttribute('data-value'), w.textContent, String(el.state.weights[2][2][1])],
      gw: [gw.getAttribute('data-value'), gw.textContent, String(t.grad_weights[2][2][1])],
    };
  });
  for (const key of ['z', 'd', 'w', 'gw']) assert.equal(early[key][0], early[key][2], `${key}: the core’s value`);
  assert.match(early.tip, new RegExp(`z⁴₇ = ${early.z[1]}`));
  assert.match(early.tip, new RegExp(`δ⁴₇ = ${early.d[1]}`));
  assert.match(early.wireTip, new RegExp(`w⁴₃₂ = ${early.w[1]}`));
  assert.ok(early.wireTip.includes(`= ${early.gw[1]}`), `∂L/∂w in the tooltip: ${early.wireTip}`);
  assert.equal(early.selected, 'w4.3.2');
  assert.equal(early.editing, early.w[2], 'the editor holds the weight');
  assert.equal(early.named, 2 * 1328 + 97 * 5 + 2 * 2 + 1 + 2, 'the exported drawing has every value, hidden ones too');
});

pageTest('the Export menu lists every weight and bias of the largest network when it opens, the selected one chosen', async ({ page }) => {
  await loadLargest(page);
  await page.evaluate(() => document.querySelector('backprop-playground').select('w5.2.3'));
  await control(page, '[data-menu="export"] summary').click();
  const picker = control(page, '.param-pick');
  await picker.locator('option[value="b8.1"]').waitFor({ state: 'attached' });
  const listed = await picker.evaluate((p) => ({ count: p.options.length, value: p.value, first: p.options[0].value }));
  assert.deepEqual(listed, { count: 1328 + 97, value: 'w5.2.3', first: 'w2.1.1' });
});
