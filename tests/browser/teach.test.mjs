// Teaching views: the phase-by-phase walk narrates the core's own numbers,
// the chain-rule panel gives every parameter's gradient as the trace has it,
// reduced motion still walks every phase, and the lessons draw the core's
// matrix form, back-distribution, equations, loss chart and loss slice.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { ARTIFACTS, control, pageTest, shown, stateJson } from './harness.mjs';
import { STRINGS } from '../../www/strings.js';

mkdirSync(ARTIFACTS, { recursive: true });

/** Waits for KaTeX, which loads beside the core without holding up `ready`. */
const texLoaded = (page) => page.evaluate(async () => (await import(new URL('./tex.js', document.baseURI).href)).texReady());

const el = (page, fn, arg) => page.evaluate(({ src, arg }) => {
  const e = document.querySelector('backprop-playground');
  return new Function('el', 'arg', `return (${src})(el, arg)`)(e, arg);
}, { src: fn.toString(), arg });

/** The formulas the walk shows now: ref, value and text. */
const walkFormulas = (page) => el(page, (e) => [...e.shadowRoot.querySelectorAll('.walk-formula')].map((f) => ({
  ref: f.dataset.ref, value: Number(f.dataset.value), text: f.dataset.text, katex: Boolean(f.querySelector('.katex')),
})));

/** The status hint, and which of Forward, Backward and Step are marked next, done and current. */
const stepper = (page) => el(page, (e) => {
  const marked = (cls) => [...e.shadowRoot.querySelectorAll(`.phase.${cls}`)].map((b) => b.dataset.action);
  return { hint: e.shadowRoot.querySelector('.hint').textContent, next: marked('next'), done: marked('done'), current: marked('current') };
});

/** The top bar's button for each phase of the walk. */
const BUTTON = { forward: 'forward', loss: 'forward', backward: 'backward', update: 'step' };

/** Animations still running in the element (Web Animations, pulses and tweens finish on their own). */
const running = (page) => el(page, (e) => e.shadowRoot.getAnimations().filter((a) => a.playState === 'running').length);

/** The trace's value for a neuron name like z2.1, a3.2, d3.1 (sample 0). */
function traceValue(trace, ref) {
  const m = /^(z|a|d)(\d+)\.(\d+)$/.exec(ref);
  if (m) {
    const layer = trace.samples[0].layers[m[2] - 1];
    return { z: layer.z, a: layer.a, d: layer.delta }[m[1]][m[3] - 1];
  }
  const g = /^gw(\d+)\.(\d+)\.(\d+)$/.exec(ref);
  if (g) return trace.grad_weights[g[1] - 2][g[2] - 1][g[3] - 1];
  if (ref === 'loss') return trace.samples[0].loss;
  return undefined;
}

pageTest('the walk goes phase by phase with the core’s numbers, and back', async ({ page, core }) => {
  await texLoaded(page);
  const start = await stateJson(page);
  const [phases, trace, , after] = await core(start, [['phases', 0, 4], ['trace'], ['step', 1], ['state']]);
  assert.deepEqual(phases.map((p) => p.kind), ['forward', 'forward', 'loss', 'backward', 'backward', 'update']);
  assert.equal(await el(page, (e) => e.phase), 'idle');
  for (const [i, p] of phases.entries()) {
    assert.equal(await el(page, (e) => e.nextPhase()), p.kind);
    assert.equal(await el(page, (e) => e.phase), p.kind);
    const shownFormulas = await walkFormulas(page);
    assert.deepEqual(shownFormulas.map((f) => f.ref), p.formulas.map((f) => f.ref), `phase ${i + 1} lists the core's formulas`);
    for (const [k, f] of shownFormulas.entries()) {
      assert.equal(f.value, p.formulas[k].value, f.ref);
      assert.equal(f.text, p.formulas[k].text, f.ref);
      if (p.kind !== 'update') assert.ok(f.katex, `${f.ref} is typeset`); // the update is a table of numbers
      // The numbers in the narration are the trace's: its value to 4 significant digits closes the line.
      const want = p.kind === 'update' ? undefined : traceValue(trace, f.ref);
      if (want !== undefined) {
        assert.equal(f.value, want, `${f.ref} is the trace's value`);
        assert.ok(f.text.endsWith(want.toPrecision(4).replace('-', '−')) || f.text.endsWith(want.toPrecision(4)), `${f.text} ends with ${want.toPrecision(4)}`);
      }
    }
    assert.ok((await control(page, '.walk-say').textContent()).length > 40, 'a narration line');
    // The walk's Next leads, and the top bar marks the phase the walk is at.
    assert.deepEqual(await stepper(page), { hint: STRINGS.en.hintWalking, next: [], done: [], current: [BUTTON[p.kind]] }, `phase ${i + 1}`);
    await page.waitForFunction(() => document.querySelector('backprop-playground').shadowRoot.getAnimations().length === 0);
    await page.waitForTimeout(p.kind === 'update' ? 1000 : 50); // the numbers finish counting
    await page.screenshot({ path: `${ARTIFACTS}phase-${i + 1}-${p.kind}${p.layer ? `-${p.layer}` : ''}.png` });
  }
  // The update phase took exactly the core's step; the weights show the new values.
  assert.equal(await stateJson(page), JSON.stringify(after));
  const v = await shown(page);
  assert.equal(v['w2.1.1'], after.weights[0][0][0]);
  const wText = await control(page, '#w2-1-1').textContent();
  assert.equal(wText, after.weights[0][0][0].toPrecision(4), 'the tween ends on the core’s value');
  for (const f of phases[5].formulas) {
    const [kind, l, j, k] = f.ref.match(/^[wb]|\d+/g);
    assert.equal(f.value, kind === 'w' ? after.weights[l - 2][j - 1][k - 1] : after.biases[l - 2][j - 1], f.ref);
  }
  // Previous takes the update back.
  assert.equal(await el(page, (e) => e.previousPhase()), 'backward');
  assert.equal(await stateJson(page), start);
  // Next after the update starts the next step.
  await el(page, (e) => e.nextPhase());
  assert.equal(await el(page, (e) => e.nextPhase()), 'forward');
  const [next] = await core(JSON.stringify(after), [['phases', 0, 4]]);
  assert.deepEqual((await walkFormulas(page)).map((f) => f.value), next[0].formulas.map((f) => f.value));
  // The buttons work as before and end the walk.
  await control(page, 'button[data-action="backward"]').click();
  assert.equal(await el(page, (e) => e.phase), 'backward');
  assert.deepEqual(await stepper(page), { hint: STRINGS.en.hintBackward, next: ['step'], done: ['forward', 'backward'], current: [] });
  await control(page, 'button[data-walk="next"]').click();
  assert.equal(await el(page, (e) => e.phase), 'forward');
});

pageTest('in the update each weight shows its old value, ∂L/∂w, η and new value, the core’s', async ({ page, core }) => {
  await texLoaded(page);
  const start = await stateJson(page);
  const [trace, , after] = await core(start, [['trace'], ['step', 1], ['state']]);
  const before = JSON.parse(start);
  while (await el(page, (e) => e.nextPhase()) !== 'update');
  await page.waitForFunction(() => document.querySelector('backprop-playground').shadowRoot.getAnimations().length === 0);
  await page.waitForTimeout(1000); // the new values finish counting
  const rows = await el(page, (e) => [...e.shadowRoot.querySelectorAll('.update-table tbody tr')].map((tr) => ({
    ref: tr.dataset.ref,
    cells: Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.role, { value: Number(td.dataset.value), text: td.textContent }])),
  })));
  const v = await shown(page);
  // The seed trains on its one sample: the step's gradient is the trace's.
  const want = [];
  before.weights.forEach((W, i) => W.forEach((row, j) => row.forEach((w, k) => want.push({
    ref: `w${i + 2}.${j + 1}.${k + 1}`, old: w, gradient: trace.grad_weights[i][j][k], now: after.weights[i][j][k],
  }))));
  before.biases.forEach((B, i) => B.forEach((b, j) => want.push({
    ref: `b${i + 2}.${j + 1}`, old: b, gradient: trace.grad_biases[i][j], now: after.biases[i][j],
  })));
  assert.deepEqual(rows.map((r) => r.ref).sort(), want.map((w) => w.ref).sort());
  const four = (x) => x.toPrecision(4).replace('-', '−');
  for (const w of want) {
    const { cells } = rows.find((r) => r.ref === w.ref);
    for (const [role, value] of [['old', w.old], ['gradient', w.gradient], ['rate', before.learning_rate], ['new', w.now]]) {
      assert.equal(cells[role].value, value, `${w.ref} ${role}`);
      assert.equal(cells[role].text, four(value), `${w.ref} ${role} on screen`);
    }
    // The diagram keeps the gradient the step used beside the new value.
    assert.equal(v[w.ref], w.now, `${w.ref} in the diagram`);
    assert.equal(v[`g${w.ref}`], w.gradient, `∂L/∂${w.ref} stays in the diagram`);
  }
  assert.deepEqual(await stepper(page), { hint: STRINGS.en.hintWalking, next: [], done: [], current: ['step'] });
  await page.screenshot({ path: `${ARTIFACTS}walk-update.png` });
  // The next step's forward pass keeps them, faded, until its backward pass brings new ones.
  const spent = () => el(page, (e) => [...e.shadowRoot.querySelectorAll('svg .val.spent')].map((x) => x.dataset.name));
  assert.equal(await el(page, (e) => e.nextPhase()), 'forward');
  assert.equal((await shown(page))['gw2.1.1'], trace.grad_weights[0][0][0]);
  assert.equal((await spent(page)).length, want.length);
  while (await el(page, (e) => e.nextPhase()) !== 'backward');
  const [next] = await core(JSON.stringify(after), [['trace']]);
  assert.equal((await shown(page))['gw3.1.1'], next.grad_weights[1][0][0]);
  assert.deepEqual(await spent(page), []);
});

pageTest('the chain-rule panel gives every parameter’s gradient as the trace has it', async ({ page, core }) => {
  await texLoaded(page);
  const start = await stateJson(page);
  const state = JSON.parse(start);
  const [trace] = await core(start, [['trace']]);
  const params = [];
  state.weights.forEach((W, i) => W.forEach((row, j) => row.forEach((_, k) => params.push([`w${i + 2}.${j + 1}.${k + 1}`, trace.grad_weights[i][j][k]]))));
  state.biases.forEach((B, i) => B.forEach((_, j) => params.push([`b${i + 2}.${j + 1}`, trace.grad_biases[i][j]])));
  assert.equal(params.length, 12);
  for (const [name, grad] of params) {
    await el(page, (e, n) => e.select(n), name);
    const panel = await el(page, (e) => {
      const q = (role) => e.shadowRoot.querySelector(`.chain [data-role="${role}"]`);
      const read = (role) => q(role) && { value: Number(q(role).dataset.value), text: q(role).textContent };
      return {
        gradient: read('gradient'), delta: read('delta'), input: read('input'), fd: read('finite-difference'),
        paths: e.shadowRoot.querySelectorAll('.chain .path').length,
        katex: e.shadowRoot.querySelectorAll('.chain .katex').length,
        onpath: [...e.shadowRoot.querySelectorAll('svg .edge.onpath')].map((x) => x.id),
        selected: [...e.shadowRoot.querySelectorAll('svg .selected')].map((x) => x.id || x.getAttribute('data-edit')),
      };
    });
    assert.equal(panel.gradient.value, grad, `${name}: gradient`);
    // At least 4 significant digits in the text.
    assert.equal(Number(panel.gradient.text.replace('−', '-')).toPrecision(4), grad.toPrecision(4), `${name}: ${panel.gradient.text}`);
    const [l, j, k] = name.slice(1).split('.').map(Number);
    const delta = trace.samples[0].layers[l - 1].delta[j - 1];
    assert.equal(panel.delta.value, delta, `${name}: δ`);
    assert.equal(Number(panel.delta.text.replace('−', '-')).toPrecision(4), delta.toPrecision(4));
    if (k) {
      const input = trace.samples[0].layers[l - 2].a[k - 1];
      assert.equal(panel.input.value, input, `${name}: input`);
      assert.equal(Number(panel.input.text.replace('−', '-')).toPrecision(4), input.toPrecision(4));
    }
    assert.ok(Math.abs(panel.fd.value - grad) <= 1e-6 * Math.max(1, Math.abs(grad)), `${name}: finite difference beside it`);
    assert.equal(panel.paths, l === 2 ? 2 : 1, `${name}: paths`);
    assert.ok(panel.katex >= 3, 'typeset');
    if (l === 2) assert.equal(panel.onpath.length, 2, `${name}: both paths through layer 3 marked`);
    assert.ok(panel.selected.length > 0, 'the parameter is marked');
  }
  // Hovering a factor marks where it comes from.
  await el(page, (e) => e.select('w2.1.1'));
  await control(page, '.chain .factor[data-ref="w3.2.1"]').hover();
  assert.ok(await el(page, (e) => e.shadowRoot.querySelector('#edge-w3-2-1').classList.contains('focus')));
  await control(page, '.chain .factor[data-ref="a3.1"]').first().focus();
  assert.ok(await el(page, (e) => e.shadowRoot.querySelector('#node-3-1').classList.contains('focus')));
  // A click selects; a click on the selected weight edits it.
  const label = control(page, 'svg [data-name="w3.1.2"]');
  await label.click();
  assert.equal(await control(page, '.editor-input').count(), 0, 'the first click only selects');
  assert.equal(Number(await control(page, '.chain [data-role="gradient"]').getAttribute('data-value')), trace.grad_weights[1][0][1]);
  await label.click();
  await control(page, '.editor-input').waitFor();
  await control(page, '.editor-input').press('Escape');
  // From the keyboard, Enter selects (the chain rule) and edits; Space is Play's.
  await control(page, '.elabel[data-edit="w2.2.1"]').focus();
  await page.keyboard.press('Enter');
  await control(page, '.editor-input').waitFor();
  assert.equal(Number(await control(page, '.chain [data-role="gradient"]').getAttribute('data-value')), trace.grad_weights[0][1][0]);
  await control(page, '.editor-input').press('Escape');
  // And the panel's edit button opens the same field.
  await control(page, '[data-chain="edit"]').click();
  await control(page, '.editor-input').waitFor();
  await control(page, '.editor-input').press('Escape');
  assert.match(await page.evaluate(() => { try { document.querySelector('backprop-playground').select('w9.1.1'); } catch (err) { return err.message; } return ''; }), /^select: /);
  // KaTeX's fonts loaded (the harness fails on any failed request).
  await page.evaluate(() => document.fonts.ready);
  assert.ok(await page.evaluate(() => [...document.fonts].some((f) => f.family === 'KaTeX_Main' && f.status === 'loaded')));
});

pageTest('with reduced motion every phase still comes, at once and without animations', async ({ page, core }) => {
  await texLoaded(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const start = await stateJson(page);
  const [phases, trace, , after] = await core(start, [['phases', 0, 4], ['trace'], ['step', 1], ['state']]);
  const pending = () => el(page, (e) => [...e.shadowRoot.querySelectorAll('svg .pending')].map((x) => x.dataset.name));
  for (const p of phases) {
    assert.equal(await el(page, (e) => e.nextPhase()), p.kind);
    assert.equal(await running(page), 0, `${p.kind}: nothing animates`);
    assert.equal(await el(page, (e) => e.shadowRoot.querySelectorAll('.pulse').length), 0);
    const hidden = await pending();
    const v = await shown(page);
    // This phase's values are on screen at once; later ones wait.
    for (const f of p.formulas) {
      if (p.kind === 'update') continue;
      assert.ok(!hidden.includes(f.ref), `${f.ref} shows in its phase`);
      if (f.ref in v) assert.equal(v[f.ref], traceValue(trace, f.ref) ?? f.value, f.ref);
    }
    if (p.kind === 'forward' && p.layer === 2) assert.ok(hidden.includes('z3.1') && hidden.includes('loss'));
    if (p.kind === 'backward' && p.layer === 3) assert.ok(hidden.includes('d2.1'));
    if (p.kind === 'update') {
      assert.deepEqual(hidden, []);
      assert.equal(await control(page, '#w2-1-1').textContent(), after.weights[0][0][0].toPrecision(4), 'the new value at once');
    }
  }
  // The buttons do not animate either.
  await control(page, 'button[data-action="forward"]').click();
  await control(page, 'button[data-action="backward"]').click();
  await control(page, 'button[data-action="step"]').click();
  assert.equal(await running(page), 0);
  assert.equal(await page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length), 0);
});

pageTest('with motion, the buttons animate and end on the core’s values', async ({ page, core }) => {
  await texLoaded(page);
  await control(page, 'button[data-action="forward"]').click();
  // Each dot travels along a wire into layer 2, through every point of its polyline, and is drawn on it now.
  const pulses = await el(page, (e) => {
    const root = e.shadowRoot;
    const wires = [...root.querySelectorAll('svg .edge[data-to^="2."] .wire')].map((w) => w.getAttribute('points').trim().split(/\s+/).map((p) => p.split(',').map(Number)));
    const dots = [...root.querySelectorAll('.pulse')].map((dot) => ({
      path: dot.getAnimations()[0].effect.getKeyframes().filter((f) => f.transform).map((f) => f.transform),
      at: new DOMMatrix(getComputedStyle(dot).transform),
    }));
    return { wires, dots: dots.map(({ path, at }) => ({ path, x: at.e, y: at.f })) };
  });
  assert.ok(pulses.wires.length > 0);
  assert.deepEqual(pulses.dots.map((d) => d.path).sort(), pulses.wires.map((w) => w.map(([x, y]) => `translate(${x}px, ${y}px)`)).sort(), 'a dot for each wire, along it');
  const onWire = ({ x, y }) => pulses.wires.some((w) => w.slice(1).some(([bx, by], i) => {
    const [ax, ay] = w[i];
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2 || 1)));
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) < 0.5;
  }));
  for (const d of pulses.dots) assert.ok(onWire(d), `a dot at ${d.x}, ${d.y} is on a wire`);
  await control(page, 'button[data-action="backward"]').click();
  await page.waitForFunction(() => document.querySelector('backprop-playground').shadowRoot.getAnimations().length === 0, null, { timeout: 10000 });
  assert.equal(await el(page, (e) => e.shadowRoot.querySelectorAll('svg .pending').length), 0, 'every value shows at the end');
  const before = await stateJson(page);
  const [, after] = await core(before, [['step', 1], ['state']]);
  await control(page, 'button[data-action="step"]').click();
  await page.waitForTimeout(1200);
  assert.equal(await control(page, '#w3-2-2').textContent(), after.weights[1][1][1].toPrecision(4));
});

pageTest('the lessons show the core’s neuron, matrix form, error split, equations, loss chart and slice', async ({ page, core }) => {
  await texLoaded(page);
  const start = await stateJson(page);
  const [phases, matrix, dist, eqs] = await core(start, [['phases', 0, 4], ['matrixForm', 0, 4], ['distribution', 0], ['equations', 0, 4]]);
  await el(page, (e) => e.select('b3.2'));
  await control(page, '[data-tab="neuron"]').click();
  const neuron = await el(page, (e) => [...e.shadowRoot.querySelectorAll('.lesson-view .formula-line')].map((f) => [f.dataset.ref, Number(f.dataset.value)]));
  const fw = phases.find((p) => p.kind === 'forward' && p.layer === 3).formulas.filter((f) => /^[za]3\.2$/.test(f.ref));
  assert.deepEqual(neuron, fw.map((f) => [f.ref, f.value]));

  await control(page, '[data-tab="matrix"]').click();
  assert.equal(await control(page, '.lesson-view .formula-line').getAttribute('data-layer'), '3');
  assert.ok(await control(page, '.lesson-view .katex').count() > 0);
  assert.equal(matrix.length, 2);

  await control(page, '[data-tab="distribution"]').click();
  const cells = await el(page, (e) => [...e.shadowRoot.querySelectorAll('.dist td')].map((td) => [td.dataset.role, Number(td.dataset.value)]));
  const [out, ...hidden] = dist.layers;
  const want = [
    ...out.delta.flatMap((_, j) => [['error', out.seed[j]], ['delta', out.delta[j]]]),
    ...hidden.flatMap((ly) => ly.delta.flatMap((_, j) => [
      ['seed', ly.seed[j]], ['transpose', ly.transpose[j]], ['delta', ly.delta[j]], ['per-output', ly.proportional[j]]])),
  ];
  assert.deepEqual(cells, want);
  assert.ok(dist.layers.at(-1).transpose_minus_delta.some((x) => x !== 0), 'the heuristic really differs');

  await control(page, '[data-tab="equations"]').click();
  assert.deepEqual(await el(page, (e) => [...e.shadowRoot.querySelectorAll('.equation')].map((q) => q.dataset.eq)), eqs.map((q) => q.name));

  await control(page, '[data-tab="loss"]').click();
  await control(page, 'button[data-action="train10"]').click();
  await control(page, 'button[data-action="train10"]').click();
  const [losses] = await core(start, [['train', 20]]);
  const points = await el(page, (e) => e.shadowRoot.querySelector('.loss-chart .series.steps').getAttribute('points').split(' ').length);
  assert.equal(points, Object.keys(losses).length, 'one point per step');
  await page.screenshot({ path: `${ARTIFACTS}teach-loss-chart.png` });

  await control(page, '[data-tab="concepts"]').click();
  assert.equal(await control(page, '.concept').count(), 12);
  await control(page, '[data-show="rate"]').click();
  assert.ok(await el(page, (e) => e.shadowRoot.querySelector('input[data-field="learning_rate"]').classList.contains('spot')));
  const trained = await stateJson(page);
  const [slice] = await core(trained, [['lossSlice', 61, 6 * JSON.parse(trained).learning_rate]]);
  const note = await control(page, '.slice-note').textContent();
  assert.ok(note.includes(slice[10].toPrecision(4)), `${note} names the loss after a step, ${slice[10]}`);
  assert.equal(await el(page, (e) => e.shadowRoot.querySelector('.slice-chart .series.slice').getAttribute('points').split(' ').length), 61);
  await page.screenshot({ path: `${ARTIFACTS}teach-concepts.png`, fullPage: true });

  // 中文 keeps the tab and the selection.
  await control(page, '[data-view="lang"] button[data-value="zh"]').click();
  await page.evaluate(() => document.querySelector('backprop-playground').drawn); // its words come first
  assert.equal(await control(page, '[data-tab="concepts"]').getAttribute('aria-selected'), 'true');
  assert.equal(await control(page, '.concept h4').first().textContent(), '神经元');
});

pageTest('the error split: the blog’s shares over outgoing weights and (W³)ᵀe_o, computed here from the trace, beside δ', async ({ page, core }) => {
  await texLoaded(page);
  const state = JSON.parse(await stateJson(page));
  const [trace] = await core(JSON.stringify(state), [['trace']]);
  await control(page, '[data-tab="distribution"]').click();
  const tables = await el(page, (e) => [...e.shadowRoot.querySelectorAll('.dist-layer')].map((d) => ({
    layer: Number(d.dataset.layer),
    heads: [...d.querySelectorAll('thead th')].map((th) => th.textContent).slice(1),
    rows: [...d.querySelectorAll('tbody tr')].map((tr) => Object.fromEntries([...tr.querySelectorAll('td')].map((td) =>
      [td.dataset.role, { value: Number(td.dataset.value), text: td.textContent }]))),
  })));
  assert.deepEqual(tables.map((t) => t.layer), [3, 2]);
  // Layer 3: e_o = a³ − y, once and labelled, beside δ³.
  const [o, h] = tables;
  const a3 = trace.samples[0].layers[2].a;
  const eo = a3.map((a, j) => a - state.samples[0].target[j]);
  assert.deepEqual(o.heads, [STRINGS.en.distError, STRINGS.en.distDelta]);
  o.rows.forEach((r, j) => {
    assert.equal(r.error.value, eo[j]);
    assert.equal(r.delta.value, trace.samples[0].layers[2].delta[j]);
  });
  // Layer 2: e_h1 = w³₁₁/(w³₁₁+w³₂₁)·e_o1 + w³₂₁/(w³₁₁+w³₂₁)·e_o2, and without the denominators (W³)ᵀe_o.
  const W = state.weights[1];
  const close = (x, y) => Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(y));
  assert.deepEqual(h.heads.slice(0, 3), [STRINGS.en.distSeed, STRINGS.en.distTranspose(3), STRINGS.en.distDelta]);
  h.rows.forEach((r, k) => {
    const outgoing = W.reduce((acc, row) => acc + row[k], 0);
    const seed = W.reduce((acc, row, j) => acc + (row[k] / outgoing) * eo[j], 0);
    const transpose = W.reduce((acc, row, j) => acc + row[k] * eo[j], 0);
    assert.ok(close(r.seed.value, seed), `e_h${k + 1}: ${r.seed.value} vs ${seed}`);
    assert.ok(close(r.transpose.value, transpose), `(W³)ᵀe_o ${k + 1}: ${r.transpose.value} vs ${transpose}`);
    assert.equal(r.delta.value, trace.samples[0].layers[1].delta[k]);
  });
  // The blog's numbers, at the default 4 significant digits.
  assert.deepEqual(h.rows.map((r) => r.seed.text), ['0.2089', '0.2142']);
  const view = await control(page, '.lesson-view').textContent();
  assert.ok(view.includes(STRINGS.en.distDiffer) && view.includes(STRINGS.en.distIndex));
  await page.screenshot({ path: `${ARTIFACTS}error-split.png`, fullPage: true });
});

pageTest('at phone width the walk and the lessons fit', async ({ page }) => {
  await texLoaded(page);
  await el(page, (e) => { e.nextPhase(); e.nextPhase(); e.nextPhase(); e.nextPhase(); e.select('w2.1.2'); });
  const over = await el(page, (e) => [...e.shadowRoot.querySelectorAll('.walk, .lessons, .walk-bar button')]
    .filter((x) => x.getBoundingClientRect().right > window.innerWidth + 1).map((x) => x.className));
  assert.deepEqual(over, []);
  await control(page, '.lessons').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}teach-phone.png`, fullPage: true });
}, { viewport: { width: 390, height: 844 } });

pageTest('after a step the chain-rule panel keeps its typeset formulas and shows the core’s new numbers', async ({ page, core }) => {
  await texLoaded(page);
  await el(page, (e) => e.select('w2.1.1'));
  const read = () => el(page, (e) => {
    const chain = e.shadowRoot.querySelector('.chain');
    return {
      kept: [...chain.querySelectorAll('.katex')].map((k) => k.marked === true),
      factors: [...chain.querySelectorAll('.factor')].map((f) => [f.dataset.ref, f.querySelector('.fval').textContent, f.title]),
      products: [...chain.querySelectorAll('[data-role="product"]')].map((b) => [Number(b.dataset.value), b.textContent]),
      sums: Object.fromEntries([...chain.querySelectorAll('.chain-sums [data-role]')].map((b) => [b.dataset.role, Number(b.dataset.value)])),
      back: chain.querySelectorAll('.to-diagram').length,
    };
  });
  const before = await read();
  await el(page, (e) => { for (const k of e.shadowRoot.querySelectorAll('.chain .katex')) k.marked = true; });
  await el(page, (e) => e.step(1));
  await el(page, (e) => e.drawn);
  const after = await read();
  assert.ok(after.kept.length > 0 && after.kept.every(Boolean), 'the same typeset formulas');
  assert.equal(after.back, 1);
  // The core's explanation of w2.1.1 after the same step, from the page's state.
  const [e] = await core(await stateJson(page), [['explain', 'w2.1.1', 0]]);
  assert.deepEqual(after.products.map(([v]) => v), e.paths.map((p) => p.product));
  assert.deepEqual(after.factors.map(([ref, , title]) => [ref, title]), e.paths.flatMap((p) => p.factors.map((f) => [f.ref, `${f.text} = ${f.value}`])));
  assert.deepEqual(after.sums, { sum: e.sum, delta: e.delta.value, input: e.input.value, gradient: e.gradient, 'finite-difference': e.finite_difference });
  assert.notDeepEqual(after.sums, before.sums, 'the step changed them');
  // The texts are the values at the page's digits.
  const texts = await page.evaluate(async (values) => {
    const { fmt } = await import(new URL('./format.js', document.baseURI).href);
    return values.map((v) => fmt(v, document.querySelector('backprop-playground').view.digits));
  }, e.paths.flatMap((p) => p.factors.map((f) => f.value)));
  assert.deepEqual(after.factors.map(([, text]) => text), texts);
});

pageTest('with regularization the chain-rule panel adds the penalty’s term, and its sum is the trace’s gradient', async ({ page, core }) => {
  await texLoaded(page);
  await el(page, (e) => {
    e.state = { ...e.state, regularization: 'l2', regularization_rate: 0.1 };
  });
  const start = await stateJson(page);
  const [trace] = await core(start, [['trace']]);
  const state = JSON.parse(start);
  for (const name of ['w2.1.1', 'w3.2.1', 'b2.1']) {
    await el(page, (e, n) => e.select(n), name);
    const read = await el(page, (e) => {
      const q = (role) => e.shadowRoot.querySelector(`.chain [data-role="${role}"]`);
      return Object.fromEntries(['gradient', 'penalty-gradient', 'objective-gradient'].map((r) => [r, q(r) ? Number(q(r).dataset.value) : null]));
    });
    const [l, j, k] = name.slice(1).split('.').map(Number);
    if (!k) {
      // biases carry no penalty: one gradient, the trace's
      assert.deepEqual(read, { gradient: trace.grad_biases[l - 2][j - 1], 'penalty-gradient': null, 'objective-gradient': null });
      continue;
    }
    const w = state.weights[l - 2][j - 1][k - 1];
    assert.equal(read['penalty-gradient'], 0.1 * w, `${name}: λ·∂(½Σw²)/∂w = λ·w`);
    assert.equal(read['objective-gradient'], trace.grad_weights[l - 2][j - 1][k - 1], `${name}: the sum is the trace's ∂J/∂w`);
    assert.equal(read.gradient + read['penalty-gradient'], read['objective-gradient']);
  }
});

pageTest('the computational graph’s local derivatives multiply along each path to the chain-rule panel’s terms', async ({ page }) => {
  await texLoaded(page);
  await control(page, 'button[data-action="backward"]').click();
  for (const param of ['w2.1.1', 'b2.1']) {
    await el(page, (e, p) => e.select(p), param);
    const terms = await el(page, (e) => [...e.shadowRoot.querySelectorAll('.chain [data-role="product"]')].map((x) => Number(x.dataset.value)));
    await control(page, '[data-tab="graph"]').click();
    const edges = await el(page, (e) => [...e.shadowRoot.querySelectorAll('.graph .g-edge')].map((g) => ({ from: g.dataset.from, to: g.dataset.to, local: Number(g.dataset.local) })));
    // Every path from the parameter up to the loss, as the product of its edges' local derivatives.
    const products = (node) => (node === 'loss' ? [1] : edges.filter((x) => x.from === node).flatMap((x) => products(x.to).map((p) => p * x.local)));
    const ours = products(param).sort((a, b) => a - b);
    const theirs = [...terms].sort((a, b) => a - b);
    assert.equal(ours.length, theirs.length, `${param}: one graph path a chain-rule path`);
    ours.forEach((p, i) => assert.ok(Math.abs(p - theirs[i]) <= 1e-12 * Math.abs(theirs[i]), `${param}: ${p} against ${theirs[i]}`));
    // A node's ∂L/∂node is the sum over its paths: the parameter's is the panel's sum.
    const grad = Number(await control(page, `.graph [data-node="${param}"]`).getAttribute('data-grad'));
    assert.ok(Math.abs(grad - ours.reduce((a, b) => a + b, 0)) <= 1e-12 * Math.abs(grad));
    // Clicking a node gives its rule with its numbers.
    await control(page, `.graph [data-node="${param}"]`).click();
    const rule = await control(page, '[data-graph="rule"]').textContent();
    assert.match(rule, /∂L\/∂/);
    await control(page, '[data-tab="chain"]').click();
  }
  await page.screenshot({ path: `${ARTIFACTS}graph-1400.png` });
});

pageTest('under regularization the Update phase shows each weight’s penalty term, the core’s', async ({ page }) => {
  await texLoaded(page);
  const rows = await el(page, (e) => {
    e.state = { ...e.state, regularization: 'l2', regularization_rate: 0.1 };
    const w = e.state.weights;
    while (e.nextPhase() !== 'update');
    return { w, rows: [...e.shadowRoot.querySelectorAll('.update-table tbody tr')].map((r) => ({
      ref: r.dataset.ref, old: Number(r.querySelector('[data-role="old"]').dataset.value),
      penalty: Number(r.querySelector('[data-role="penalty"]')?.dataset.value),
    })) };
  });
  assert.ok(rows.rows.length >= 8);
  for (const r of rows.rows) {
    if (r.ref.startsWith('b')) assert.equal(r.penalty, 0, `${r.ref}: a bias carries no penalty`);
    else {
      const [l, j, k] = r.ref.slice(1).split('.').map(Number);
      assert.equal(r.old, rows.w[l - 2][j - 1][k - 1]);
      assert.equal(r.penalty, 0.1 * r.old, `${r.ref}: λ·∂(½Σw²)/∂w = λ·w`);
    }
  }
});

/** Whether `s` names a value in layer notation: a letter with a superscript digit (w³₁₂, δ²₁) or its LaTeX (w^{3}_{12}, \delta^{2}_{1}). */
const layerNames = (s) => /[A-Za-zδ][⁰¹²³⁴⁵⁶⁷⁸⁹]|[A-Za-z]\^\{\d/u.test(s);

/** What a reader sees of the chain-rule panel: its text, each factor's text and every formula's LaTeX (KaTeX keeps it). */
const chainPanel = (page) => el(page, (e) => {
  const panel = e.shadowRoot.querySelector('.chain');
  return {
    text: panel.innerText,
    factors: [...panel.querySelectorAll('.factor')].map((f) => f.title),
    latex: [...panel.querySelectorAll('annotation')].map((a) => a.textContent),
  };
});

/** The walk's formulas: their text and LaTeX, and the names heading the update table's rows. */
const walkShown = (page) => el(page, (e) => {
  const walk = e.shadowRoot.querySelector('.walk');
  return {
    text: [...walk.querySelectorAll('.walk-formula')].map((f) => f.dataset.text),
    latex: [...walk.querySelectorAll('annotation')].map((a) => a.textContent),
    rows: [...walk.querySelectorAll('.update-table tbody th')].map((th) => th.textContent),
  };
});

/** The quiz's question and its hint after one wrong answer to `name`. */
async function quizHint(page, name) {
  await el(page, (e, n) => e.quiz(n), name);
  await control(page, '.quiz-input').fill('7');
  await control(page, '[data-action="quiz-check"]').click();
  const seen = { ask: await control(page, '.quiz-q b').textContent(), hint: await control(page, '.quiz-result').textContent() };
  await control(page, '[data-action="quiz-close"]').click();
  return seen;
}

pageTest('compact notation names every factor, formula, export and quiz hint w1…w8, h1, o1, and layer notation comes back', async ({ page, core }) => {
  await texLoaded(page);
  const start = await stateJson(page);
  const [compact, seed, mdCompact, texCompact, mdSeed] = await core(start, [
    ['phases', 0, 4, 'compact'], ['phases', 0, 4], ['explainAs', 'w2.1.1', 0, 'markdown', 4, 'compact'],
    ['explainAs', 'w2.1.1', 0, 'latex', 4, 'compact'], ['explainAs', 'w2.1.1', 0, 'markdown', 4]]);
  const formula = (phases, ref) => phases.flatMap((p) => p.formulas).find((f) => f.ref === ref).text;
  const symbols = (text) => text.split(' = ').slice(0, 2).join(' = ');

  await control(page, '[data-view="notation"] button[data-value="compact"]').click();
  await el(page, (e) => e.select('w2.1.1'));
  await el(page, (e) => e.backward());
  await page.evaluate(() => scrollTo(0, 0)); // back up from the notation switch, for the screenshots
  await page.waitForFunction(() => {
    const root = document.querySelector('backprop-playground').shadowRoot;
    return !root.querySelector('.val.pending') && root.getAnimations().every((a) => a.playState !== 'running');
  });
  // The chain-rule panel: ∂L/∂w₁ through o1 and o2, every factor and note in compact names.
  let panel = await chainPanel(page);
  assert.ok(panel.latex.length >= 11, 'typeset');
  for (const s of [panel.text, ...panel.factors, ...panel.latex]) assert.ok(!layerNames(s), `no layer notation: ${s}`);
  assert.ok(panel.latex.includes('\\frac{\\partial L}{\\partial w_{1}}'), panel.latex.join('\n'));
  assert.ok(panel.latex.includes('\\frac{\\partial z_{o2}}{\\partial a_{h1}}'));
  assert.deepEqual(panel.factors.slice(0, 5).map((f) => f.split(' = ')[0]), ['∂L/∂aₒ₁', '∂aₒ₁/∂zₒ₁', '∂zₒ₁/∂aₕ₁', '∂aₕ₁/∂zₕ₁', '∂zₕ₁/∂w₁']);
  assert.ok(panel.text.includes('δₕ₁') && panel.text.includes('aᵢ₁'), panel.text);
  await page.screenshot({ path: `${ARTIFACTS}notation-compact-chain.png` });

  // The walk: each phase's formulas are the core's in compact names, the update table's rows too.
  const walked = [];
  for (let i = 0; i < compact.length; i++) {
    await el(page, (e) => e.nextPhase());
    walked.push(await walkShown(page));
  }
  compact.forEach((p, i) => {
    if (p.kind !== 'update') assert.deepEqual(walked[i].text, p.formulas.map((f) => f.text), `${p.kind} ${p.layer}`);
    for (const s of [...walked[i].text, ...walked[i].latex, ...walked[i].rows]) assert.ok(!layerNames(s), `${p.kind}: ${s}`);
  });
  assert.ok(walked[0].text[0].startsWith('zₕ₁ = w₁·aᵢ₁ + w₂·aᵢ₂ + b₁ = '), walked[0].text[0]);
  assert.ok(walked[0].latex.some((l) => l.startsWith('z_{h1} = w_{1}a_{i1} + w_{2}a_{i2} + b_{1} = ')), walked[0].latex.join('\n'));
  assert.deepEqual(walked.at(-1).rows.slice(0, 5), ['w₁', 'w₂', 'w₃', 'w₄', 'b₁']);
  await page.screenshot({ path: `${ARTIFACTS}notation-compact-walk.png` });
  await el(page, (e) => e.previousPhase()); // the update taken back: the numbers are the start's again

  // The exports: the core's own compact text, negative factors bracketed, no e-notation.
  const md = (await el(page, (e) => e.exportAs('markdown'))).data;
  const latex = (await el(page, (e) => e.exportAs('latex'))).data;
  assert.equal(md, mdCompact);
  assert.equal(latex, texCompact);
  for (const out of [md, latex]) {
    assert.ok(!layerNames(out), out);
    assert.ok(out.includes('\\frac{\\partial L}{\\partial w_{1}}') && out.includes('a_{o2}'), out);
    // ∂L/∂a_o2 = a_o2 − y_2 is negative: bracketed as a factor, never "× -"
    assert.ok(/= \(-\d/.test(out) && !out.includes('\\times -') && !/\de[-+\d]/.test(out), out);
  }
  assert.notEqual(md, mdSeed);
  assert.ok(!layerNames(await el(page, (e) => e.explainAs('b3.1', 0, 'text'))));

  // The quiz asks for δₕ₁ and hints with the core's compact formula in symbols.
  let quiz = await quizHint(page, 'd2.1');
  assert.equal(quiz.ask, STRINGS.en.quizAsk('δₕ₁'));
  assert.equal(quiz.hint, STRINGS.en.quizTryAgain(symbols(formula(compact, 'd2.1'))));
  assert.ok(!layerNames(quiz.hint) && quiz.hint.includes('w₅·δₒ₁'), quiz.hint);
  quiz = await quizHint(page, 'gw3.2.1');
  assert.equal(quiz.hint, STRINGS.en.quizTryAgain(symbols(formula(compact, 'gw3.2.1'))));
  assert.ok(quiz.hint.includes('∂L/∂w₇'), quiz.hint);

  // The graph and the error split name their values compactly too.
  await control(page, '[data-tab="graph"]').click();
  const nodes = await el(page, (e) => [...e.shadowRoot.querySelectorAll('.graph [data-node]')].map((n) => n.getAttribute('aria-label')));
  for (const s of nodes) assert.ok(!layerNames(s), s);
  assert.ok(nodes.some((s) => s.startsWith('w₁·aᵢ₁ = ')), nodes.join('\n'));
  await control(page, '[data-tab="neuron"]').click();
  const neuron = await el(page, (e) => ({
    latex: [...e.shadowRoot.querySelectorAll('.lesson-view .formula-line annotation')].map((a) => a.textContent),
    pick: e.shadowRoot.querySelector('[data-pick="neuron"]').selectedOptions[0].textContent,
  }));
  assert.deepEqual(neuron.latex, compact.find((p) => p.layer === 2).formulas.slice(0, 2).map((f) => f.latex));
  assert.equal(neuron.pick, `${STRINGS.en.hiddenLayer} · aₕ₁`);
  await control(page, '[data-tab="distribution"]').click();
  const split = await el(page, (e) => ({
    latex: [...e.shadowRoot.querySelectorAll('.dist-formulas annotation')].map((a) => a.textContent),
    heads: [...e.shadowRoot.querySelectorAll('.dist-layer h4')].map((x) => x.textContent),
    note: e.shadowRoot.querySelector('.lesson-view > p.note:last-child').textContent,
  }));
  assert.ok(split.latex[0].includes('\\frac{w_{5}}{w_{5} + w_{7}}') && !layerNames(split.latex[0]), split.latex[0]);
  assert.ok(split.latex[1].includes('e_{h} = (W^{3})^\\top e_{o}'), split.latex[1]); // the blog's own e_h = (W³)ᵀ·e_o
  assert.deepEqual(split.heads, [STRINGS.en.outputLayer, STRINGS.en.hiddenLayer], 'the layers named as the diagram names them');
  assert.equal(split.note, STRINGS.en.distIndexCompact('h1', ['w₅', 'w₇']));
  await control(page, '[data-tab="chain"]').click();

  // Back to layer notation: the same places say w²₁₁, z²₁ and δ²₁ again.
  await control(page, '[data-view="notation"] button[data-value="seed"]').click();
  panel = await chainPanel(page);
  assert.ok(panel.latex.includes('\\frac{\\partial L}{\\partial w^{2}_{11}}'), panel.latex.join('\n'));
  assert.equal(panel.factors[0].split(' = ')[0], '∂L/∂a³₁');
  await el(page, (e) => e.nextPhase());
  assert.deepEqual((await walkShown(page)).text, seed[0].formulas.map((f) => f.text));
  assert.equal((await el(page, (e) => e.exportAs('markdown'))).data, mdSeed);
  quiz = await quizHint(page, 'd2.1');
  assert.equal(quiz.ask, STRINGS.en.quizAsk('δ²₁'));
  assert.equal(quiz.hint, STRINGS.en.quizTryAgain(symbols(formula(seed, 'd2.1'))));
  assert.ok(layerNames(quiz.hint));
  // A question open while the notation changes is asked again in the new names, its hint too.
  await el(page, (e) => e.quiz('d3.2'));
  await control(page, '.quiz-input').fill('7');
  await control(page, '[data-action="quiz-check"]').click();
  await el(page, (e) => (e.view.notation = 'compact'));
  assert.equal(await control(page, '.quiz-q b').textContent(), STRINGS.en.quizAsk('δₒ₂'));
  assert.equal(await control(page, '.quiz-result').textContent(), STRINGS.en.quizTryAgain(symbols(formula(compact, 'd3.2'))));
  assert.equal(await control(page, 'svg [data-name="d3.2"].quiz-hide').count(), 1, 'still hidden, still one try left');
});
