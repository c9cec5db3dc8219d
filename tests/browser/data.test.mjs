// The Data panel: every built-in dataset draws the core's points, the
// heatmap's pixels are the palette's colour of the core's own heatmap
// values, training lowers the training and held-out losses on the chart to
// what a second core reports, a bad CSV line shows the core's message and
// keeps the network, and the phone layout has no overflow.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { ARTIFACTS, control, pageTest, stateJson } from './harness.mjs';

mkdirSync(ARTIFACTS, { recursive: true });

/** The panel's starting settings (data.js): what a second core needs to make the same split. */
const DEFAULTS = { count: 300, noise: 0.1, seed: 1, testFraction: 0.3 };

/** The core's own dataset and split, computed in the page beside the element. */
const coreData = (page, kind, { count, noise, seed, testFraction } = DEFAULTS) => page.evaluate(async (a) => {
  const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
  await m.default();
  return JSON.parse(m.splitSamples(m.dataset(a.kind, a.count, a.noise, a.seed), a.testFraction, a.seed));
}, { kind, count, noise, seed, testFraction });

const root = (page, fn, arg) => page.evaluate(({ src, arg }) => {
  const el = document.querySelector('backprop-playground');
  return new Function('el', 'root', 'arg', `return (${src})(el, root, arg)`)(el, el.shadowRoot, arg);
}, { src: fn.toString(), arg });

const drawn = (page) => root(page, (el, r) => {
  const c = r.querySelector('.plot canvas.points');
  return { train: Number(c.dataset.train), test: Number(c.dataset.test), mode: r.querySelector('.plot canvas.heat').dataset.mode };
});

/** Plays until the core has taken at least `steps` steps, then pauses. */
async function train(page, steps) {
  await control(page, '[data-action="play"]').click();
  await page.waitForFunction((n) => document.querySelector('backprop-playground').state.step >= n, steps, { timeout: 20_000 });
  await control(page, '[data-action="play"]').click();
}

pageTest('each dataset draws the core’s points, training and held out, with a network that fits', async ({ page }) => {
  for (const kind of ['xor', 'circle', 'gaussians', 'spiral', 'sine']) {
    await control(page, `[data-dataset="${kind}"]`).click();
    const want = await coreData(page, kind);
    const state = JSON.parse(await stateJson(page));
    assert.deepEqual(state.samples, want.train, `${kind}: the element trains on the core's split`);
    const d = await drawn(page);
    assert.equal(d.train, want.train.length, `${kind}: training points drawn`);
    assert.equal(d.test, want.test.length, `${kind}: held-out points drawn`);
    assert.equal(d.train + d.test, DEFAULTS.count);
    assert.equal(d.mode, kind === 'sine' ? 'curve' : 'heatmap');
    assert.equal(state.layers[0], kind === 'sine' ? 1 : 2);
    assert.equal(state.layers.at(-1), 1);
    if (kind === 'spiral') assert.deepEqual(state.layers, [2, 8, 8, 1]);
  }
  // Fewer points, and a new seed.
  await root(page, (el, r) => {
    const input = r.querySelector('[data-data="count"]');
    input.value = '100';
    input.dispatchEvent(new Event('change'));
  });
  await control(page, '[data-action="regenerate"]').click();
  const want = await coreData(page, 'sine', { ...DEFAULTS, count: 100, seed: 2 });
  assert.deepEqual(JSON.parse(await stateJson(page)).samples, want.train);
  assert.deepEqual(await drawn(page), { train: want.train.length, test: want.test.length, mode: 'curve' });
});

pageTest('the heatmap’s pixels are the palette’s colours of the core’s heatmap', async ({ page }) => {
  await control(page, '[data-dataset="circle"]').click();
  await root(page, (el) => el.step(5000));
  const result = await root(page, async (el, r) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    const { heatColor } = await import(new URL('./data.js', document.baseURI).href);
    await m.default();
    const c = r.querySelector('.plot canvas.heat');
    const n = Number(c.dataset.n);
    const [x0, x1, y0, y1] = ['x0', 'x1', 'y0', 'y1'].map((k) => Number(c.dataset[k]));
    const pg = new m.Playground(JSON.stringify(el.state));
    const values = pg.heatmap(n, x0, x1, y0, y1);
    pg.free();
    const g = c.getContext('2d');
    const out = [];
    for (const [row, col] of [[10, 10], [n >> 1, n >> 1], [20, 70], [75, 30], [n - 12, n - 12], [40, 55]]) {
      // grid point (row, col) sits at col/(n−1) of the width, row/(n−1) of the height
      const px = Math.min(c.width - 1, Math.round((col / (n - 1)) * c.width - 0.5));
      const py = Math.min(c.height - 1, Math.round((row / (n - 1)) * c.height - 0.5));
      const pixel = [...g.getImageData(px, py, 1, 1).data.slice(0, 3)];
      // the image is smoothed between grid points: the pixel lies between its neighbours' colours
      const near = [[0, 0], [0, 1], [1, 0], [0, -1], [-1, 0]].map(([dr, dc]) => heatColor(values[Math.min(n - 1, Math.max(0, row + dr)) * n + Math.min(n - 1, Math.max(0, col + dc))]));
      out.push({ row, col, value: values[row * n + col], want: heatColor(values[row * n + col]), pixel, near });
    }
    return { n, out, range: [Math.min(...values), Math.max(...values)] };
  });
  assert.equal(result.n, 100, 'at rest the grid is 100×100');
  assert.ok(result.range[1] - result.range[0] > 0.5, `trained, the output spans both classes: ${result.range}`);
  for (const p of result.out) {
    for (let ch = 0; ch < 3; ch++) {
      const lo = Math.min(...p.near.map((c) => c[ch])) - 3;
      const hi = Math.max(...p.near.map((c) => c[ch])) + 3;
      assert.ok(p.pixel[ch] >= lo && p.pixel[ch] <= hi, `grid (${p.row}, ${p.col}) = ${p.value}: pixel ${p.pixel} vs palette ${p.want}`);
      assert.ok(Math.abs(p.pixel[ch] - p.want[ch]) <= 16, `grid (${p.row}, ${p.col}) = ${p.value}: pixel ${p.pixel} vs palette ${p.want}`);
    }
  }
});

pageTest('training lowers the training and test losses on the chart to what the core reports', async ({ page }) => {
  await control(page, '[data-dataset="gaussians"]').click();
  await control(page, '[data-tab="loss"]').click();
  await train(page, 2000);
  const shown = await root(page, (el, r) => {
    const last = (cls) => Number(r.querySelector(`.loss-chart .series.${cls}`).dataset.last);
    const first = (cls) => {
      const [, y] = r.querySelector(`.loss-chart .series.${cls}`).getAttribute('points').split(' ')[0].split(',').map(Number);
      return y; // SVG y: larger is lower on the chart
    };
    const lastY = (cls) => Number(r.querySelector(`.loss-chart .series.${cls}`).getAttribute('points').split(' ').at(-1).split(',')[1]);
    return {
      train: last('epochs'), test: last('tests'),
      trainDrop: lastY('epochs') - first('epochs'), testDrop: lastY('tests') - first('tests'),
      readTrain: Number(r.querySelector('[data-loss="train"]').dataset.value),
      readTest: Number(r.querySelector('[data-loss="test"]').dataset.value),
      testKey: !r.querySelector('.legend-line .tests').hidden,
      state: JSON.stringify(el.state),
    };
  });
  const { test } = await coreData(page, 'gaussians');
  const [trace, , testLoss, firstTest] = await root(page, async (el, r, a) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    const pg = new m.Playground(a.state);
    pg.setTestSamples(JSON.stringify(a.test));
    const start = JSON.parse(a.state);
    const fresh = new m.Playground(JSON.stringify({ ...start, weights: undefined, biases: undefined, step: 0, seen: 0 }));
    fresh.setTestSamples(JSON.stringify(a.test));
    const out = [JSON.parse(pg.forward()), null, pg.testLoss(), fresh.testLoss()];
    pg.free();
    fresh.free();
    return out;
  }, { state: shown.state, test });
  assert.equal(shown.train, trace.loss, 'the chart ends at the core’s mean training loss');
  assert.equal(shown.test, testLoss, 'the chart ends at the core’s test loss');
  assert.equal(shown.readTrain, trace.loss);
  assert.equal(shown.readTest, testLoss);
  assert.ok(shown.trainDrop > 0 && shown.testDrop > 0, 'both lines went down');
  assert.ok(testLoss < firstTest / 2, `test loss ${testLoss} fell from the fresh network's ${firstTest}`);
  assert.ok(shown.testKey, 'the chart’s legend names the test loss');
});

pageTest('a CSV with a bad line shows the core’s message beside it and keeps the network', async ({ page }) => {
  const before = await stateJson(page);
  const bad = 'x1,x2,label\n0.5,0.25,1\n0.1,oops,0\n';
  const want = await page.evaluate(async (text) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    try {
      m.parseCsv(text);
      return null;
    } catch (e) {
      return e.message;
    }
  }, bad);
  assert.match(want, /line 3/);
  await control(page, '.csv summary').click();
  await control(page, '[data-data="csv"]').fill(bad);
  await control(page, '[data-action="load-csv"]').click();
  assert.equal(await control(page, '[data-err="csv"]').textContent(), want);
  assert.equal(await stateJson(page), before, 'the network is kept');
  // A good CSV loads: its rows are the samples, split as the core splits them.
  const good = 'x1,x2,label\n0.5,0.25,1\n-0.5,-0.25,0\n0.6,0.2,1\n-0.1,-0.7,0\n';
  await control(page, '[data-data="csv"]').fill(good);
  await control(page, '[data-action="load-csv"]').click();
  assert.equal(await control(page, '[data-err="csv"]').isHidden(), true);
  const d = await drawn(page);
  assert.equal(d.train + d.test, 4);
  assert.equal(JSON.parse(await stateJson(page)).samples.length, d.train);
});

for (const [width, height, name] of [[1400, 900, 'wide'], [390, 844, 'phone']]) {
  pageTest(`training on the spiral at ${width}×${height}: the plot fits and nothing overflows`, async ({ page }) => {
    await control(page, '[data-dataset="spiral"]').click();
    await control(page, '[data-tab="loss"]').click();
    await control(page, '[data-action="play"]').click();
    await page.waitForFunction(() => document.querySelector('backprop-playground').state.step >= 3000, null, { timeout: 20_000 });
    const box = await root(page, (el, r) => {
      const b = r.querySelector('.data').getBoundingClientRect();
      const c = r.querySelector('.plot canvas.heat');
      return { left: b.left, right: b.right, scroll: document.documentElement.scrollWidth, canvas: c.width, css: c.getBoundingClientRect().width, dpr: devicePixelRatio };
    });
    assert.ok(box.scroll <= width, `page width ${box.scroll} fits ${width}`);
    assert.ok(box.left >= 0 && box.right <= width, `data panel ${box.left}–${box.right} inside ${width}`);
    assert.equal(box.canvas, Math.round(box.css * box.dpr), 'the canvas has a device pixel per screen pixel');
    if (name === 'phone') await control(page, '.data .plot').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}data-spiral-${name}.png` });
    await control(page, '[data-action="play"]').click();
  }, { viewport: { width, height } });
}

pageTest('training that diverges stops Play and shows the core’s message naming learning_rate', async ({ page }) => {
  await control(page, '[data-dataset="sine"]').click();
  await control(page, '[data-field="learning_rate"]').fill('50');
  await control(page, '[data-field="learning_rate"]').press('Enter');
  const state = await stateJson(page);
  const [want] = await page.evaluate(async (s) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    const pg = new m.Playground(s);
    try {
      pg.train(1000);
      return [null];
    } catch (e) {
      return [e.message];
    } finally {
      pg.free();
    }
  }, state);
  assert.match(want, /learning_rate/);
  await control(page, '[data-action="play"]').click();
  await control(page, '[data-err="training"]').waitFor({ state: 'visible' });
  assert.equal(await control(page, '[data-err="training"]').textContent(), want);
  assert.equal(await control(page, '[data-action="play"]').getAttribute('aria-pressed'), 'false', 'Play stopped');
});
