// The training log stays bounded over long runs, and thinning it keeps every
// step counted and every spike in range.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Series } from '../../www/series.js';
import { pageTest } from './harness.mjs';

test('a series keeps every step until it is full, then merges neighbours and keeps each range', () => {
  const s = new Series();
  const losses = Float64Array.from({ length: 10_000 }, (_, i) => (i === 7_777 ? 1e3 : 1 / (i + 1)));
  const epochs = Float64Array.from({ length: 10_000 }, (_, i) => Math.floor((i + 1) / 50));
  s.add(1, losses.subarray(0, 4_000), epochs.subarray(0, 4_000));
  assert.equal(s.thinned, false);
  assert.deepEqual(s.rows()[9], { step: 10, epoch: 0, loss: 0.1, min: 0.1, max: 0.1, steps: 1 });
  s.add(4_001, losses.subarray(4_000), epochs.subarray(4_000));
  assert.equal(s.thinned, true);
  const rows = s.rows();
  assert.ok(rows.length <= 4_096);
  assert.equal(rows.reduce((n, r) => n + r.steps, 0), 10_000, 'every step is counted once');
  const last = rows.at(-1);
  assert.deepEqual([last.step, last.epoch, last.loss, last.min], [10_000, 200, 1e-4, 1e-4]);
  assert.equal(last.max, 1 / (10_000 - last.steps + 1), 'the highest loss in the last bucket is its first step’s');
  const spike = rows.find((r) => r.step >= 7_778 && r.step - r.steps < 7_778);
  assert.equal(spike.max, 1e3, 'the spike at step 7,778 is inside its bucket’s range');
  assert.ok(s.points().some(([, y]) => y === 1e3));
  // a chart's few hundred points: wider buckets, the same span, the spike still there
  const few = s.points(500);
  assert.ok(few.length <= 500 && few.length < s.points().length);
  assert.deepEqual([few[0][0], few.at(-1)[0]], [1, 10_000]);
  assert.ok(few.some(([, y]) => y === 1e3));
  assert.ok(few.every(([x], i) => i === 0 || x >= few[i - 1][0]), 'in step order');
  // the same steps a few at a time make the same buckets as all at once
  const bits = new Series();
  for (let i = 0; i < 10_000; i += 7) bits.add(i + 1, losses.subarray(i, i + 7), epochs.subarray(i, i + 7));
  assert.deepEqual(bits.rows(), rows);
  // undo to step 9,000: later steps go, the straddling bucket keeps what it had before
  s.truncate(9_000);
  assert.equal(s.rows().at(-1).step, 9_000);
  assert.equal(s.rows().reduce((n, r) => n + r.steps, 0), 9_000);
});

pageTest('el.step keeps a bounded training log, and the CSV says when rows stand for several steps', async ({ page }) => {
  const out = await page.evaluate(async () => {
    const el = document.querySelector('backprop-playground');
    el.state = { layers: [2, 3, 1], activation: 'tanh', learning_rate: 0.05, samples: [{ input: [0, 1], target: [1] }, { input: [1, 1], target: [0] }] };
    const first = await el.step(3);
    const short = el.trainingLog;
    const shortCsv = (await el.exportAs('csv')).data;
    await el.step(9_000);
    const long = el.trainingLog;
    return { first: [...first.losses], short, shortCsv, long, csv: (await el.exportAs('csv')).data, step: el.state.step };
  });
  assert.deepEqual(out.short.map((r) => r.loss), out.first, 'one row a step, the core’s losses');
  assert.deepEqual(out.short.map((r) => r.step), [1, 2, 3]);
  assert.equal(out.shortCsv.split('\n')[0], 'step,epoch,loss');
  assert.ok(out.long.length <= 4_096);
  assert.equal(out.long.reduce((n, r) => n + r.steps, 0), out.step);
  for (const r of out.long) assert.ok(r.min <= r.loss && r.loss <= r.max, `row at step ${r.step} holds its last loss in range`);
  const lines = out.csv.trim().split('\n');
  assert.equal(lines[0], 'step,epoch,loss,min,max,steps');
  assert.equal(lines.length - 1, out.long.length);
});

pageTest('the loss chart’s step axis starts at step 1, written as a whole number', async ({ page }) => {
  const ticks = await page.evaluate(async () => {
    const el = document.querySelector('backprop-playground');
    await el.step(50);
    await el.drawn;
    el.shadowRoot.querySelector('[data-tab="loss"]').click();
    await el.drawn;
    return [...el.shadowRoot.querySelectorAll('.chart .tick, svg .tick')].map((t) => t.textContent);
  });
  assert.ok(ticks.includes('1'), `ticks: ${ticks.join(' | ')}`);
  assert.ok(!ticks.includes('1.0'), `ticks: ${ticks.join(' | ')}`);
});
