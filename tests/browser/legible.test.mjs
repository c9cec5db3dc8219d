// The diagram stays legible from 2-2-2 to eight layers of 16: no two labels
// overlap, each weight's label sits on its own wire where no other wire
// crosses it, no heading runs into another, values are drawn at 11 px or
// more on a wide screen, and the targets and the loss box are inside the
// diagram's visible box.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import { ARTIFACTS, loadNet, openPage } from './harness.mjs';

mkdirSync(ARTIFACTS, { recursive: true });

const SMALLEST_TEXT = 11; // px, at 1400 px wide

const net = (layers) => ({
  layers,
  activation: 'sigmoid',
  samples: [{ input: layers[0] === 2 ? [0.05, 0.1] : Array(layers[0]).fill(0.5), target: Array(layers.at(-1)).fill(0.5) }],
});

/** The four networks of issue 15: the seed's 2-2-2, two middling ones and eight layers of 16. */
const NETS = {
  '2-2-2': null,
  '2-3-3-2': net([2, 3, 3, 2]),
  '2-8-8-1': net([2, 8, 8, 1]),
  // as many samples as a state may hold: the input column's heading counts them
  '8x16': {
    ...net([2, 16, 16, 16, 16, 16, 16, 1]),
    activation: 'tanh',
    samples: Array.from({ length: 10000 }, (_, i) => ({ input: [(i % 100) / 50 - 1, Math.floor(i / 100) / 50 - 1], target: [i % 2] })),
  },
};

/**
 * The diagram's labels as drawn on screen: each weight label's box with its
 * wire's end points, each card, chip and the loss box; the drawn size of the
 * smallest value text; and the box of the diagram in view.
 */
const measure = (page) => page.evaluate(() => {
  const root = document.querySelector('backprop-playground').shadowRoot;
  const box = root.querySelector('.scroller');
  const svg = box.querySelector('svg');
  const b = box.getBoundingClientRect();
  const view = { left: b.left + box.clientLeft, top: b.top + box.clientTop };
  Object.assign(view, { right: view.left + box.clientWidth, bottom: view.top + box.clientHeight });
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const rect = (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  };
  const shown = (el) => el.checkVisibility() && el.getBoundingClientRect().width > 0;
  const labels = [];
  for (const g of root.querySelectorAll('.elabel')) {
    if (!shown(g)) continue;
    const name = g.getAttribute('data-edit');
    labels.push({ name, named: Boolean(g.querySelector('.name')), ...rect(g.querySelector('rect')) });
  }
  // Each wire's segments in screen coordinates.
  const m = svg.getScreenCTM();
  const wires = [...root.querySelectorAll('.edge')].map((e) => {
    const pts = [...e.querySelector('.wire').points].map((p) => new DOMPoint(p.x, p.y).matrixTransform(m));
    const segments = pts.slice(1).map((q, i) => ({ x1: pts[i].x, y1: pts[i].y, x2: q.x, y2: q.y }));
    return { name: e.id.replace('edge-', '').replaceAll('-', '.'), segments };
  });
  const others = [
    ...[...root.querySelectorAll('.node')].map((n) => ({ name: `node ${n.dataset.node}`, ...rect(n.querySelector('.card')) })),
    ...[...root.querySelectorAll('.chip')].map((c) => ({ name: `target ${c.dataset.edit}`, ...rect(c.querySelector('rect')) })),
    { name: 'loss', ...rect(root.querySelector('.lossbox rect')) },
    // a heading with 3 px either side: two on a line need a space between them, not just no overlap
    ...[...root.querySelectorAll('.headers text')].filter((t) => t.textContent).map((t) => {
      const r = rect(t);
      return { name: `heading "${t.textContent}"`, ...r, left: r.left - 3, right: r.right + 3 };
    }),
  ];
  const sizes = [...svg.querySelectorAll('text.val')].filter(shown).map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
  return { view, scale, labels, wires, others, smallest: Math.min(...sizes) };
});

/** The networks whose weight labels all show their names. */
const NAMED = ['2-2-2', '2-8-8-1'];

const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

/** Whether the segment from (x1, y1) to (x2, y2) passes through the rectangle `r`, shrunk by 1 px. */
function segmentCrosses({ x1, y1, x2, y2 }, r) {
  const [left, right, top, bottom] = [r.left + 1, r.right - 1, r.top + 1, r.bottom - 1];
  // Clip the segment to the rectangle's x range, then compare its y range with the rectangle's.
  const dx = x2 - x1 || 1e-9;
  const [ta, tb] = [(left - x1) / dx, (right - x1) / dx];
  const t0 = Math.max(0, Math.min(ta, tb));
  const t1 = Math.min(1, Math.max(ta, tb));
  if (t0 > t1) return false;
  const ya = y1 + t0 * (y2 - y1);
  const yb = y1 + t1 * (y2 - y1);
  return Math.max(ya, yb) > top && Math.min(ya, yb) < bottom;
}

const crosses = (wire, r) => wire.segments.some((s) => segmentCrosses(s, r));

const SIZES = [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
];

for (const { width, height } of SIZES) {
  test(`at ${width}×${height} every network's labels are apart, on their own wires, readable and in view`, async () => {
    const { page, context, problems } = await openPage({ viewport: { width, height } });
    try {
      const wrong = {};
      for (const [name, state] of Object.entries(NETS)) {
        await loadNet(page, state);
        const m = await measure(page);
        const what = `${name} at ${width}px`;
        const bad = []; // everything wrong, to see it all at once
        const boxes = [...m.labels, ...m.others];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i], boxes[j])) bad.push(`${boxes[i].name} overlaps ${boxes[j].name}`);
        }
        for (const l of m.labels) {
          if (!crosses(m.wires.find((w) => w.name === l.name), l)) bad.push(`${l.name}'s label is off its wire`);
          const through = m.wires.filter((w) => w.name !== l.name && crosses(w, l)).map((w) => w.name);
          if (through.length) bad.push(`${through.join(', ')} pass behind ${l.name}'s label`);
        }
        // Where there is room, a label keeps its weight's name (w²₁₁), not only a number.
        if (NAMED.includes(name)) for (const l of m.labels.filter((l) => !l.named)) bad.push(`${l.name}'s label lost its name`);
        if (width >= 1400 && m.smallest < SMALLEST_TEXT - 0.01) bad.push(`values drawn at ${m.smallest.toFixed(1)} px`);
        const inside = (r) => r.left >= m.view.left - 0.5 && r.right <= m.view.right + 0.5 && r.top >= m.view.top - 0.5 && r.bottom <= m.view.bottom + 0.5;
        for (const o of m.others.filter((o) => o.name === 'loss' || o.name.startsWith('target'))) {
          if (!inside(o)) bad.push(`${o.name} is outside the diagram's box`);
        }
        await page.screenshot({ path: `${ARTIFACTS}legible-${name}-${width}.png` });
        if (bad.length) wrong[name] = [`${bad.length} problems`, ...bad.slice(0, 8)];
      }
      assert.deepEqual(wrong, {}, `at ${width}px`);
      assert.deepEqual(problems, [], 'the page logged errors');
    } finally {
      await context.close();
    }
  });
}
