// The Data panel: every built-in dataset draws the core's points, the
// heatmap's pixels are the core's palette over the core's own heatmap
// values, training lowers the training and held-out losses on the chart to
// what a second core reports, a bad CSV line shows the core's message and
// keeps the network, and the phone layout has no overflow.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, control, pageTest, stateJson } from './harness.mjs';

mkdirSync(ARTIFACTS, { recursive: true });

/** The panel's starting settings (data.js): what a second core needs to make the same split. */
const DEFAULTS = { count: 300, noise: 0.1, seed: 1, testFraction: 0.3 };

/** The core's own dataset and split, computed in the page beside the element. */
const coreData = (page, kind, { count, noise, seed, testFraction } = DEFAULTS) => page.evaluate(async (a) => {
  const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
  await m.default();
  return m.splitSamples(m.dataset(a.kind, a.count, a.noise, a.seed), a.testFraction, a.seed);
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

pageTest('a big data set’s points are drawn over a few frames, all of them by the time el.drawn resolves', async ({ page }) => {
  const out = await root(page, async (el, r) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    const c = r.querySelector('.plot canvas.points');
    const pixels = () => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let sum = 0;
      for (let i = 3; i < d.length; i += 4) sum += d[i] > 0 ? 1 : 0;
      return sum;
    };
    const frame = () => new Promise((ok) => requestAnimationFrame(ok));
    el.state = { layers: [2, 6, 1], activation: 'tanh', batch_size: 10, samples: m.dataset('spiral', 9000, 0.1, 3) };
    await frame();
    await frame();
    const early = pixels(); // a few frames in: some of the points
    await el.drawn;
    const drawn = pixels();
    for (let i = 0; i < 8; i++) await frame();
    return { early, drawn, later: pixels(), train: c.dataset.train };
  });
  assert.equal(out.train, '9000');
  assert.ok(out.early < out.drawn, `points still to come a frame after the drawing began: ${out.early} of ${out.drawn} pixels`);
  assert.equal(out.drawn, out.later, 'every point is on the canvas once el.drawn resolves');
});

pageTest('the heatmap’s pixels are the core’s palette over the core’s heatmap values', async ({ page }) => {
  await control(page, '[data-dataset="circle"]').click();
  await root(page, async (el) => {
    await el.step(5000);
    return el.drawn;
  });
  const result = await root(page, async (el, r) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    const c = r.querySelector('.plot canvas.heat');
    const n = Number(c.dataset.n);
    const [x0, x1, y0, y1] = ['x0', 'x1', 'y0', 'y1'].map((k) => Number(c.dataset[k]));
    // Pixel (row, col) of the n×n canvas shows the output at its centre (API.md, Data).
    const hx = (x1 - x0) / (2 * n);
    const hy = (y1 - y0) / (2 * n);
    const pg = new m.Playground(el.state);
    const values = pg.heatmap(n, x0 + hx, x1 - hx, y0 + hy, y1 - hy);
    pg.free();
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const out = [];
    // The first pixels too: an image still tied to memory the core has freed shows there first.
    for (const [row, col] of [[10, 10], [n >> 1, n >> 1], [20, 70], [75, 30], [n - 12, n - 12], [40, 55], [0, 0], [0, 1], [n - 1, n - 1]]) {
      const i = row * n + col;
      out.push({ row, col, value: values[i], pixel: [...data.slice(4 * i, 4 * i + 4)], full: [...m.palette(values[i])] });
    }
    const ends = [0, 0.5, 1].map((v) => [...m.palette(v)]);
    return { n, size: [c.width, c.height], out, ends, range: [Math.min(...values), Math.max(...values)] };
  });
  assert.equal(result.n, 100, 'at rest the grid is 100×100');
  assert.deepEqual(result.size, [100, 100], 'one canvas pixel per grid point');
  assert.ok(result.range[1] - result.range[0] > 0.5, `trained, the output spans both classes: ${result.range}`);
  assert.deepEqual(result.ends[1], [255, 255, 255], 'the palette is white at ½');
  assert.ok(result.ends[0][0] > result.ends[0][2] && result.ends[2][2] > result.ends[2][0], 'orange at 0, blue at 1');
  // The background is the palette at a lighter strength: each channel's distance
  // from white is the point colour's, times one factor for every pixel.
  const pairs = result.out.flatMap((p) => [0, 1, 2].map((ch) => [255 - p.pixel[ch], 255 - p.full[ch]]));
  const strong = pairs.filter(([, f]) => f >= 60);
  assert.ok(strong.length >= 3, 'some pixels are far from white');
  const k = strong.map(([p, f]) => p / f).sort((a, b) => a - b)[strong.length >> 1];
  assert.ok(k > 0.2 && k <= 1, `the background's strength ${k}`);
  for (const p of result.out) {
    assert.equal(p.pixel[3], 255, `grid (${p.row}, ${p.col}) is opaque: ${p.pixel}`);
    for (let ch = 0; ch < 3; ch++) {
      assert.ok(Math.abs((255 - p.pixel[ch]) - k * (255 - p.full[ch])) <= 2,
        `grid (${p.row}, ${p.col}) = ${p.value}: pixel ${p.pixel} is not palette ${p.full} at strength ${k.toFixed(3)}`);
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
    const start = JSON.parse(a.state);
    const pg = new m.Playground(start);
    pg.setTestSamples(a.test);
    const { weights, biases, ...fresher } = start;
    const fresh = new m.Playground({ ...fresher, step: 0, seen: 0 });
    fresh.setTestSamples(a.test);
    const out = [pg.forward(), null, pg.testLoss(), fresh.testLoss()];
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

pageTest('a 60 MB CSV file is refused by its size, unread, and the network kept', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-'));
  try {
    const big = join(dir, 'big.csv');
    writeFileSync(big, Buffer.alloc(60e6, '0.5,0.25,1\n'));
    // The core's own words for a CSV of that size.
    const want = await page.evaluate(async (size) => {
      const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
      await m.default();
      try {
        m.parseCsv(' '.repeat(size));
        return null;
      } catch (e) {
        return { message: e.message, code: e.code };
      }
    }, 60e6);
    assert.equal(want?.code, 'too_large');
    const before = await stateJson(page);
    // Every way to read a file's bytes, counted: a refusal by size reads none of them.
    // (How long it takes is the benchmark's business; the machine running tests is shared.)
    await page.evaluate(() => {
      window.__reads = 0;
      for (const name of ['text', 'arrayBuffer', 'stream', 'bytes']) {
        const read = Blob.prototype[name];
        if (read) Blob.prototype[name] = function (...args) { window.__reads += 1; return read.apply(this, args); };
      }
    });
    await control(page, '.csv summary').click();
    await control(page, '[data-data="csv-file"]').setInputFiles(big);
    await control(page, '[data-err="csv"]').waitFor({ state: 'visible' });
    assert.equal(await control(page, '[data-err="csv"]').textContent(), want.message, 'the limit and the size found, in the core’s words');
    assert.equal(await page.evaluate(() => window.__reads), 0, 'the file was never read');
    assert.equal(await control(page, '[data-data="csv"]').inputValue(), '', 'nothing went into the text box');
    assert.equal(await stateJson(page), before, 'the network is kept');

    // A file within the limit but too long to lay out loads its samples and stays out of the text box.
    const rows = Array.from({ length: 3000 }, (_, i) => `${(i % 100) / 100},${(i % 37) / 37},${i % 2}`).join('\n');
    const long = join(dir, 'long.csv');
    writeFileSync(long, `x1,x2,label\n${rows}\n`);
    await control(page, '[data-data="csv-file"]').setInputFiles(long);
    await control(page, '[data-note="csv-file"]').waitFor({ state: 'visible' });
    assert.equal(await control(page, '[data-err="csv"]').isHidden(), true);
    assert.equal(await control(page, '[data-data="csv"]').inputValue(), '');
    const d = await drawn(page);
    assert.equal(d.train + d.test, 3000, 'every row is a sample');
    // Regenerate splits the same rows again.
    await control(page, '[data-action="regenerate"]').click();
    assert.equal((await drawn(page)).train + (await drawn(page)).test, 3000);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

for (const [width, height, name] of [[1400, 900, 'wide'], [390, 844, 'phone']]) {
  pageTest(`training on the spiral at ${width}×${height}: the plot fits and nothing overflows`, async ({ page }) => {
    await control(page, '[data-dataset="spiral"]').click();
    await control(page, '[data-tab="loss"]').click();
    await control(page, '[data-action="play"]').click();
    await page.waitForFunction(() => document.querySelector('backprop-playground').state.step >= 3000, null, { timeout: 20_000 });
    const box = await root(page, (el, r) => {
      const b = r.querySelector('.data').getBoundingClientRect();
      const c = r.querySelector('.plot canvas.points');
      // the loss chart's text as drawn: its font size times the chart's scale
      const chart = r.querySelector('[data-chart="data"]');
      const scale = chart.getBoundingClientRect().width / chart.viewBox.baseVal.width;
      const text = Math.min(...[...chart.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
      return { left: b.left, right: b.right, scroll: document.documentElement.scrollWidth, canvas: c.width, css: c.getBoundingClientRect().width, dpr: devicePixelRatio, text };
    });
    assert.ok(box.text >= 10, `the loss chart's text is drawn at ${box.text.toFixed(1)} px`);
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
    const pg = new m.Playground(JSON.parse(s));
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
