// Choosing data starts afresh: a new network shaped by the core's setup for
// that set, at step 0 with a newly drawn seed, one Undo step; the picker
// shows what is loaded; Play goes in epochs a second; regression sets fit
// numbers on [−1, 1].

import assert from 'node:assert/strict';
import { control, pageTest } from './harness.mjs';

const el = (page, fn, arg) => page.evaluate(({ src, arg }) => {
  const e = document.querySelector('backprop-playground');
  return new Function('el', 'arg', `return (${src})(el, arg)`)(e, arg);
}, { src: fn.toString(), arg });

const pressed = (page) => el(page, (e) => [...e.shadowRoot.querySelectorAll('[data-dataset][aria-pressed="true"]')].map((b) => b.dataset.dataset));

pageTest('a data set starts a fresh network from the core’s setup, at step 0, as one Undo step', async ({ page }) => {
  await control(page, '[data-dataset="xor"]').click();
  const setups = await el(page, async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    return Object.fromEntries(m.vocabulary().datasets.map((d) => [d.name, d.setup]));
  });
  const xor = await el(page, (e) => {
    e.step(100);
    return e.state;
  });
  assert.equal(xor.step, 100);
  await control(page, '[data-dataset="circle"]').click();
  const circle = await el(page, (e) => e.state);
  const s = setups.circle;
  assert.equal(circle.step, 0, 'a fresh start');
  assert.deepEqual(circle.layers, s.layers);
  assert.deepEqual(circle.activations, [...s.layers.slice(1, -1).map(() => s.hidden), s.output]);
  assert.equal(circle.learning_rate, s.learning_rate);
  assert.equal(circle.loss, s.loss);
  assert.notEqual(circle.seed, xor.seed, 'a newly drawn seed');
  assert.deepEqual(await pressed(page), ['circle']);
  assert.equal(await el(page, (e) => e.view.epochs), s.epochs_per_second);
  // Its losses are on show at once.
  const train = await control(page, '[data-loss="train"]').getAttribute('data-value');
  assert.equal(Number(train), await el(page, (e) => e.trace().loss));
  assert.notEqual(await control(page, '[data-loss="test"]').textContent(), '—');
  // Choosing the same set again is another fresh start.
  await control(page, '[data-dataset="circle"]').click();
  assert.notEqual(await el(page, (e) => e.state.seed), circle.seed);
  // One Undo step each: back to the first circle, then to XOR trained 100 steps.
  await control(page, '[data-action="undo"]').click();
  assert.equal(await el(page, (e) => e.state.seed), circle.seed);
  await control(page, '[data-action="undo"]').click();
  assert.equal(await el(page, (e) => e.state.step), 100);
  // Each set's button says what its fresh network reaches.
  const title = await control(page, '[data-dataset="spiral"]').getAttribute('title');
  assert.ok(title.includes(String(setups.spiral.held_out_loss)), title);
});

pageTest('a CSV shows as loaded: no set’s button pressed, and its losses on show', async ({ page }) => {
  await control(page, '[data-dataset="xor"]').click();
  await control(page, 'details.csv summary').click();
  await control(page, '[data-data="csv"]').fill('x1,x2,label\n0.1,0.2,1\n-0.5,0.3,0\n0.7,-0.1,1\n-0.2,-0.9,0\n0.4,0.4,1\n');
  await control(page, '[data-action="load-csv"]').click();
  assert.deepEqual(await pressed(page), []);
  assert.equal(await el(page, (e) => e.state.step), 0);
  assert.notEqual(await control(page, '[data-loss="train"]').textContent(), '—');
});

pageTest('Play goes in epochs a second, and never faster than asked', async ({ page }) => {
  await control(page, '[data-dataset="xor"]').click();
  await control(page, '[data-data="epochs"]').selectOption('1');
  const { epochs, seconds } = await el(page, (e) => new Promise((done) => {
    const t0 = performance.now();
    e.play();
    setTimeout(() => {
      e.pause();
      done({ epochs: e.trace().epoch, seconds: (performance.now() - t0) / 1000 });
    }, 1500);
  }));
  // At 1 epoch a second the core has gone through at most the epochs due, and one more started.
  assert.ok(epochs <= Math.ceil(seconds) + 1, `${epochs} epochs in ${seconds} s`);
  const readout = await control(page, '[data-readout="epoch"]').textContent();
  assert.equal(Number(readout), epochs);
  // The toolbar's steps a frame take over from epochs a second.
  await control(page, 'select.speed').selectOption('10');
  assert.equal(await el(page, (e) => e.view.epochs), null);
  assert.equal(await control(page, '[data-data="epochs"]').inputValue(), '');
});

pageTest('regression sets fit numbers on [−1, 1] with a linear output', async ({ page }) => {
  for (const kind of ['plane', 'gaussian_mix']) {
    await control(page, `[data-dataset="${kind}"]`).click();
    const s = await el(page, (e) => e.state);
    assert.equal(s.activations.at(-1), 'linear');
    assert.equal(s.loss, 'squared_error');
    assert.ok(s.samples.some((x) => x.target[0] < 0), `${kind} has targets below 0`);
    assert.equal(await control(page, '.data-legend .scale span').first().textContent(), '−1');
    await el(page, (e) => e.step(50));
    assert.equal(await control(page, '.plot canvas.heat').getAttribute('data-mode'), 'heatmap');
  }
});

pageTest('on a data set every neuron carries its picture from the core, and hovering one shows it large', async ({ page }) => {
  await control(page, '[data-dataset="circle"]').click();
  const out = await el(page, async (e) => {
    await e.step(500);
    await e.drawn;
    const r = e.shadowRoot;
    const layers = e.state.layers;
    const ids = layers.flatMap((n, l) => Array.from({ length: n }, (_, j) => `${l + 1}.${j + 1}`));
    const heat = r.querySelector('.plot canvas.heat');
    const bounds = ['x0', 'x1', 'y0', 'y1'].map((k) => Number(heat.dataset[k]));
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    const pg = new m.Playground(e.state);
    const centres = (n) => {
      const [x0, x1, y0, y1] = bounds;
      const hx = (x1 - x0) / (2 * n);
      const hy = (y1 - y0) / (2 * n);
      return [x0 + hx, x1 - hx, y0 + hy, y1 - hy];
    };
    const thumbs = ids.map((id, i) => {
      const c = r.querySelector(`[data-thumb="${id}"] canvas`);
      if (!c) return { id, missing: true };
      const n = c.width;
      const want = pg.neuronImages(n, ...centres(n)).data.slice(i * n * n * 4, (i + 1) * n * n * 4);
      const got = c.getContext('2d').getImageData(0, 0, n, n).data;
      return { id, same: want.every((v, k) => v === got[k]) };
    });
    // Hover neuron 2.1: the plot shows its picture.
    r.querySelector('[data-node="2.1"]').dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    const n = Number(heat.dataset.n);
    const i = ids.indexOf('2.1');
    const want = pg.neuronImages(n, ...centres(n)).data.slice(i * n * n * 4, (i + 1) * n * n * 4);
    const got = heat.getContext('2d').getImageData(0, 0, n, n).data;
    const hovered = { neuron: heat.dataset.neuron, same: want.every((v, k) => v === got[k]) };
    r.querySelector('[data-node="2.1"]').dispatchEvent(new PointerEvent('pointerout', { bubbles: true }));
    pg.free();
    return { thumbs, hovered, after: heat.dataset.neuron ?? null };
  });
  for (const t of out.thumbs) {
    assert.ok(!t.missing, `neuron ${t.id} has a picture`);
    assert.ok(t.same, `neuron ${t.id}'s picture is the core's`);
  }
  assert.deepEqual(out.hovered, { neuron: '2.1', same: true });
  assert.equal(out.after, null, 'leaving it brings the output back');
});

pageTest('input features reshape layer 1 as one Undo step, and the inputs show them', async ({ page }) => {
  await control(page, '[data-dataset="circle"]').click();
  const before = await el(page, (e) => e.state);
  await control(page, '[data-feature="x1_squared"]').check();
  await control(page, '[data-feature="x2_squared"]').check();
  const after = await el(page, (e) => e.state);
  assert.deepEqual(after.features, ['x1', 'x2', 'x1_squared', 'x2_squared']);
  assert.equal(after.layers[0], 4);
  assert.deepEqual(after.samples, before.samples, 'the samples keep their raw inputs');
  // Layer 1's a is the core's feature value: x₁² of the sample shown.
  const { a, x } = await el(page, (e) => ({ a: Number(e.shadowRoot.querySelector('[data-name="a1.3"]').dataset.value), x: e.state.samples[0].input[0] }));
  assert.equal(a, (await el(page, (e) => e.trace().samples[0].layers[0].a[2])));
  assert.ok(Math.abs(a - x * x) < 1e-12);
  assert.ok(await control(page, '[data-thumb="1.3"]').count(), 'the new input shows its picture');
  // Unticking everything is refused by the core, naming the field; the network stays.
  for (const f of ['x1', 'x2', 'x1_squared']) await control(page, `[data-feature="${f}"]`).uncheck();
  await control(page, '[data-feature="x2_squared"]').click(); // the last one: refused
  assert.match(await control(page, '[data-err="features"]').textContent(), /^features/);
  assert.equal(await control(page, '[data-feature="x2_squared"]').isChecked(), true, 'the box goes back to what the core holds');
  // One Undo step a change: five back to the raw inputs.
  const features = await el(page, (e) => e.state.features ?? null);
  assert.deepEqual(features, ['x2_squared']);
  for (let i = 0; i < 5; i++) await control(page, '[data-action="undo"]').click();
  const back = await el(page, (e) => e.state);
  assert.deepEqual(back.layers, before.layers);
  assert.equal(back.features ?? null, null);
});

pageTest('regularization is set in the panel, and its penalty is the core’s', async ({ page }) => {
  await control(page, '[data-field="regularization"]').selectOption('l2');
  await control(page, '[data-field="regularization_rate"]').fill('0.01');
  await control(page, '[data-field="regularization_rate"]').press('Enter');
  await control(page, 'button[data-action="forward"]').click();
  const s = await el(page, (e) => ({ state: e.state, penalty: e.trace().penalty }));
  assert.equal(s.state.regularization, 'l2');
  assert.equal(s.state.regularization_rate, 0.01);
  const w = s.state.weights.flat(2);
  assert.ok(Math.abs(s.penalty - 0.01 * 0.5 * w.reduce((a, x) => a + x * x, 0)) < 1e-15, 'λ·½Σw²');
  assert.equal(Number(await control(page, '[data-readout="penalty"]').getAttribute('data-value')), s.penalty);
  await control(page, '[data-field="regularization_rate"]').fill('-1');
  await control(page, '[data-field="regularization_rate"]').press('Enter');
  assert.match(await control(page, '[data-err="regularization_rate"]').textContent(), /^regularization_rate/);
});

pageTest('show test data and discretize output change only the plot', async ({ page }) => {
  await control(page, '[data-dataset="xor"]').click();
  const test = Number(await control(page, '.plot canvas.points').getAttribute('data-test'));
  assert.ok(test > 0);
  await control(page, '[data-data="showTest"]').uncheck();
  assert.equal(await control(page, '.plot canvas.points').getAttribute('data-test'), '0');
  await control(page, '[data-data="discrete"]').check();
  const colours = await el(page, (e) => {
    const c = e.shadowRoot.querySelector('.plot canvas.heat');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  });
  assert.equal(colours, 2, 'two classes, two colours');
  await control(page, '[data-data="showTest"]').check();
  assert.equal(Number(await control(page, '.plot canvas.points').getAttribute('data-test')), test);
});

pageTest('a saturated or dead neuron is named under the plot and marked, from the core’s numbers', async ({ page }) => {
  const samples = [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]].map(([a, b, y]) => ({ input: [a, b], target: [y] }));
  await el(page, (e, samples) => {
    e.state = {
      layers: [2, 3, 1], activations: ['tanh', 'sigmoid'],
      weights: [[[40, 40], [0.5, -0.5], [0.3, 0.2]], [[1, 1, 1]]], biases: [[3, 0, 0], [0]], samples,
    };
    e.forward();
  }, samples);
  const health = await el(page, async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    const pg = new m.Playground(document.querySelector('backprop-playground').state);
    const h = pg.health();
    pg.free();
    return h;
  });
  assert.deepEqual(health.saturated, ['2.1']);
  assert.equal(await control(page, '[data-node="2.1"]').getAttribute('class'), 'node saturated');
  assert.equal(await control(page, '[data-node="2.2"]').getAttribute('class'), 'node');
  assert.match(await control(page, '[data-readout="health"]').textContent(), /2\.1/);
});

pageTest('each set’s fresh network reaches the held-out loss its button states, and keeps it for a minute of Play', async ({ page }) => {
  const kinds = await el(page, async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    return m.vocabulary().datasets.map((d) => ({ name: d.name, setup: d.setup }));
  });
  for (const { name, setup } of kinds) {
    await control(page, `[data-dataset="${name}"]`).click();
    // A minute of Play at the set's speed, in 60 slices of a second's epochs; seed 1, as tests/datasets.rs trains it.
    const losses = await el(page, async (e, eps) => {
      const { weights, biases, ...rest } = e.state;
      e.state = { ...rest, seed: 1 };
      const perEpoch = Math.ceil(e.state.samples.length / e.state.batch_size);
      const out = [];
      for (let s = 0; s < 60; s++) {
        await e.step(eps * perEpoch);
        await e.drawn;
        out.push(Number(e.shadowRoot.querySelector('[data-loss="test"]').dataset.value));
      }
      return out;
    }, setup.epochs_per_second);
    const best = Math.min(...losses);
    const last = losses.at(-1);
    assert.ok(last <= setup.held_out_loss, `${name}: ends at ${last}, its button says under ${setup.held_out_loss}`);
    assert.ok(last <= 1.25 * best, `${name}: ends at ${last}, within 25 % of its best ${best}`);
  }
});

pageTest('the losses are charted under the plot as training goes, the held-out one the core’s', async ({ page }) => {
  await control(page, '[data-dataset="circle"]').click();
  await control(page, 'button[data-action="train100"]').click();
  await control(page, 'button[data-action="train100"]').click();
  // The presses train in the worker: wait until both are back and drawn.
  await page.waitForFunction(() => document.querySelector('backprop-playground').state.step === 200);
  await el(page, (e) => e.drawn);
  const chart = await el(page, (e) => {
    const svg = e.shadowRoot.querySelector('[data-chart="data"]');
    const line = (cls) => svg.querySelector(`.series.${cls}`);
    return {
      steps: line('steps')?.getAttribute('points').trim().split(/\s+/).length ?? 0,
      test: Number(line('tests')?.dataset.last),
      shown: Number(e.shadowRoot.querySelector('[data-loss="test"]').dataset.value),
    };
  });
  assert.equal(chart.steps, 200, 'one point a step');
  assert.equal(chart.test, chart.shown, 'the chart ends at the held-out loss on show');
});

pageTest('a step from code cuts the forward animation short and leaves no value faded out', async ({ page }) => {
  await control(page, '[data-dataset="xor"]').click(); // its forward pass animates, fading values in
  await page.waitForFunction(() => document.querySelector('backprop-playground').shadowRoot.querySelectorAll('.val.pending').length > 0);
  const after = await el(page, (e) => {
    e.step(10);
    return e.shadowRoot.querySelectorAll('.val.pending').length;
  });
  assert.equal(after, 0);
});
