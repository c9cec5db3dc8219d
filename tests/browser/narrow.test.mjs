// Narrow frames and phones: the diagram shrinks to fit its box down to a
// readable size and only then scrolls, with a fade at each edge that has
// more past it; a phone opens it fitted to the width, with a button for
// 100 %, where it scrolls; a phone's page never scrolls sideways; and the
// data panel's losses appear when the diagram's do, with the core's numbers.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import { ARTIFACTS, control, loadNet, openPage, pageTest, runCore, stateJson } from './harness.mjs';

mkdirSync(ARTIFACTS, { recursive: true });

const SMALLEST_TEXT = 9; // px: the diagram's 12px values may shrink this far, no further

/** The networks to fit: the blog's 2-2-2, XOR's 2-4-1 and eight layers of up to 16. */
const NETS = {
  seed: null, // the page's own start
  xor: 'xor',
  big: { layers: [2, 16, 16, 16, 16, 16, 16, 1], activation: 'tanh', samples: [{ input: [0.5, -0.5], target: [1] }] },
};

/**
 * The diagram's box and what of the drawing lies outside what it shows:
 * every value, heading, card and chip on screen is checked.
 */
const report = (page) => page.evaluate(() => {
  const root = document.querySelector('backprop-playground').shadowRoot;
  const box = root.querySelector('.scroller');
  const svg = box.querySelector('svg');
  const b = box.getBoundingClientRect();
  const left = b.left + box.clientLeft;
  const top = b.top + box.clientTop;
  const view = { left, right: left + box.clientWidth, top, bottom: top + box.clientHeight };
  const outside = [];
  for (const el of svg.querySelectorAll('text[data-name], .headers text, .card, .chip rect, .lossbox rect, .elabel:not(.collapsed) rect')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || el.closest('.collapsed, .hidden')) continue;
    if (r.left < view.left - 0.5 || r.right > view.right + 0.5 || r.top < view.top - 0.5 || r.bottom > view.bottom + 0.5) {
      outside.push(el.getAttribute('data-name') ?? el.textContent.trim() ?? el.getAttribute('class'));
    }
  }
  return {
    scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
    fits: box.scrollWidth <= box.clientWidth,
    outside,
    moreLeft: box.classList.contains('more-left'),
    moreRight: box.classList.contains('more-right'),
    mask: getComputedStyle(box).maskImage,
  };
});

/** Scrolls the diagram's box to its far right and waits for the fade to follow. */
const scrollToEnd = (page) => page.evaluate(async () => {
  const box = document.querySelector('backprop-playground').shadowRoot.querySelector('.scroller');
  box.scrollLeft = box.scrollWidth;
  await new Promise((r) => box.addEventListener('scroll', r, { once: true }));
  await new Promise((r) => requestAnimationFrame(r));
});

/** Hovers the neuron in view nearest the box's right edge: its tooltip stays inside the box. */
async function tipInView(page, width) {
  const id = await page.evaluate(() => {
    const box = document.querySelector('backprop-playground').shadowRoot.querySelector('.scroller').getBoundingClientRect();
    const inView = [...document.querySelector('backprop-playground').shadowRoot.querySelectorAll('.node')]
      .map((n) => ({ id: n.id, r: n.getBoundingClientRect() })).filter(({ r }) => r.right < box.right - 8 && r.top > box.top && r.bottom < box.bottom);
    return inView.sort((a, b) => b.r.right - a.r.right)[0].id;
  });
  await control(page, `#${id}`).hover();
  const tip = await page.evaluate(() => {
    const root = document.querySelector('backprop-playground').shadowRoot;
    const box = root.querySelector('.scroller').getBoundingClientRect();
    const r = root.querySelector('.tip').getBoundingClientRect();
    return { inside: r.left >= box.left && r.right <= box.right, width: r.width };
  });
  assert.ok(tip.width > 0 && tip.inside, `at ${width}px the tooltip of ${id} stays inside the diagram's box`);
  await page.mouse.move(0, 0);
}

const SIZES = [
  { width: 1400, height: 900, path: '', fit: ['seed', 'xor'] },
  // The blog's iframe: the seed's 4-digit gradients (0.0004386) make it scroll there.
  { width: 800, height: 700, path: '?embed', fit: ['xor'] },
  { width: 600, height: 700, path: '?embed', fit: [] },
  // A phone opens each network fitted to the width; at 100 % it scrolls.
  { width: 390, height: 844, path: '', fit: [], zoom: true },
];

/** Presses the phone's zoom button `z` ('fit' or 'full') and waits a frame for the fade. */
const zoom = (page, z) => control(page, `[data-zoom="${z}"]`).click().then(() => page.evaluate(() => new Promise(requestAnimationFrame)));

for (const { width, height, path, fit, zoom: phone } of SIZES) {
  test(`the diagram fits ${width}px${path} at a readable size, or fades where it scrolls`, async () => {
    const { page, context, problems } = await openPage({ viewport: { width, height }, path });
    try {
      for (const [name, net] of Object.entries(NETS)) {
        await loadNet(page, net);
        const what = `${name} at ${width}px`;
        if (phone) {
          await zoom(page, 'fit');
          const whole = await report(page);
          assert.ok(whole.fits, `${what}: opens fitted to the width`);
          assert.deepEqual(whole.outside, [], `${what}: fitted, everything drawn is in view`);
          await zoom(page, 'full');
        }
        const r = await report(page);
        if (phone) assert.equal(r.scale, 1, `${what}: 100 % draws the values at full size`);
        assert.ok(12 * r.scale >= SMALLEST_TEXT - 0.01, `${what}: values drawn at ${(12 * r.scale).toFixed(1)}px`);
        if (fit.includes(name)) assert.ok(r.fits, `${what}: the diagram fits its box`);
        if (r.fits) {
          assert.deepEqual(r.outside, [], `${what}: everything drawn is in view`);
          assert.ok(!r.moreLeft && !r.moreRight && r.mask === 'none', `${what}: no fade when nothing is hidden`);
          continue;
        }
        // It scrolls only when it could not shrink further, and says so at the cut edge.
        if (!phone) assert.ok(12 * r.scale <= SMALLEST_TEXT + 0.1, `${what}: scrolls at ${r.scale.toFixed(2)}× though it could shrink`);
        assert.ok(r.outside.length > 0);
        assert.ok(r.moreRight && !r.moreLeft, `${what}: a fade on the right only`);
        assert.notEqual(r.mask, 'none', `${what}: the right edge fades`);
        if (name === 'big') await tipInView(page, width);
        await scrollToEnd(page);
        const end = await report(page);
        assert.ok(end.moreLeft && !end.moreRight, `${what}, scrolled to the end: a fade on the left only`);
        for (const target of ['y1.1', 'loss']) assert.ok(!end.outside.includes(target), `${what}: ${target} scrolls into view`);
      }
      await page.screenshot({ path: `${ARTIFACTS}narrow-${width}${path ? '-embed' : ''}.png` });
      assert.deepEqual(problems, [], 'the page logged errors');
    } finally {
      await context.close();
    }
  });
}

/** Parts of the element sticking out past the window's right edge, outside any box that scrolls them. */
const sticksOut = (page) => page.evaluate(() => {
  const root = document.querySelector('backprop-playground').shadowRoot;
  const scrolls = (el) => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX);
  const out = [];
  for (const el of root.querySelectorAll('.pg *')) {
    if (el.closest('svg') || el.checkVisibility?.() === false) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || (r.left >= -0.5 && r.right <= innerWidth + 0.5)) continue;
    let p = el.parentElement;
    while (p && !scrolls(p)) p = p.parentElement;
    if (!p || p.classList.contains('pg')) out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}–${Math.round(r.right)}`);
  }
  return out;
});

pageTest('on a phone the controls, lessons, data panel and chain rule fit the width', async ({ page }) => {
  await control(page, 'button[data-action="forward"]').click();
  await control(page, 'button[data-action="backward"]').click();
  await page.evaluate(() => document.querySelector('backprop-playground').select('w2.1.1'));
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the page never scrolls sideways');
  assert.deepEqual(await sticksOut(page), [], 'nothing pokes past the window');
  const boxes = await page.evaluate(() => {
    const root = document.querySelector('backprop-playground').shadowRoot;
    const of = (sel) => {
      const el = root.querySelector(sel);
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, fits: el.scrollWidth <= el.clientWidth, more: el.classList.contains('more-right') };
    };
    return {
      toolbar: of('.toolbar'), tabs: of('.tabs'), chain: of('.lesson-view'), data: of('[data-panel="data"]'),
      samples: of('.samples-box .table-wrap'),
    };
  });
  for (const [name, b] of Object.entries(boxes)) assert.ok(b.left >= 0 && b.right <= 390.5, `${name} lies in the window`);
  assert.ok(boxes.chain.fits, 'the chain rule wraps to the width');
  assert.ok(boxes.samples.fits, 'the samples table fits');
  // Seven tabs do not fit a phone: the strip scrolls, and fades where it does.
  assert.equal(boxes.tabs.more, !boxes.tabs.fits, 'the tab strip fades at its cut edge');
  await page.screenshot({ path: `${ARTIFACTS}narrow-phone-full.png`, fullPage: true });
  // Every lesson fits the width; a formula or table that cannot scrolls in its own box, with a fade.
  for (const tab of ['chain', 'neuron', 'matrix', 'distribution', 'equations', 'loss', 'concepts']) {
    await control(page, `[data-tab="${tab}"]`).click();
    // A cue follows its box's size through a ResizeObserver, which reports
    // at the next rendering update: give the page those frames (on a busy
    // machine, a few of them) before reading the cues.
    await page.waitForFunction(() => {
      const view = document.querySelector('backprop-playground').shadowRoot.querySelector('.lesson-view');
      return [...view.querySelectorAll('*')].every((el) => !['auto', 'scroll'].includes(getComputedStyle(el).overflowX) ||
        el.scrollWidth <= el.clientWidth + 1 || el.classList.contains('more-right') || el.classList.contains('more-left'));
    }, null, { polling: 'raf', timeout: 3000 }).catch(() => {});
    const r = await page.evaluate(() => {
      const root = document.querySelector('backprop-playground').shadowRoot;
      const view = root.querySelector('.lesson-view');
      const strip = root.querySelector('.tabs').getBoundingClientRect();
      const open = root.querySelector('.tabs [aria-selected="true"]').getBoundingClientRect();
      const silent = [...view.querySelectorAll('*')].filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) &&
        el.scrollWidth > el.clientWidth + 1 && !el.classList.contains('more-right') && !el.classList.contains('more-left'));
      return {
        fits: view.scrollWidth <= view.clientWidth,
        tabShown: open.left >= strip.left - 0.5 && open.right <= strip.right + 0.5,
        silent: silent.map((el) => el.className),
      };
    });
    assert.ok(r.fits, `${tab}: the lesson fits the width`);
    assert.ok(r.tabShown, `${tab}: its tab is scrolled into view`);
    assert.deepEqual(r.silent, [], `${tab}: what scrolls has a fade`);
  }
}, { viewport: { width: 390, height: 844 } });

/** What the diagram's loss box, the status line and the data panel show for the mean loss. */
const losses = (page) => page.evaluate(() => {
  const root = document.querySelector('backprop-playground').shadowRoot;
  const read = (sel) => {
    const el = root.querySelector(sel);
    return { text: el.textContent.trim(), value: el.dataset.value ?? el.getAttribute('data-value') };
  };
  return { diagram: read('svg [data-name="loss"]'), status: read('[data-count="loss"]'), train: read('[data-loss="train"]'), test: read('[data-loss="test"]') };
});

pageTest('the data panel’s losses appear when the diagram’s do, and are the core’s', async ({ page }) => {
  const blank = (l, when) => {
    for (const [where, v] of Object.entries(l)) {
      assert.equal(v.text, '—', `${when}: ${where} shows ${v.text}`);
      assert.equal(v.value ?? null, null, `${when}: ${where} has a value`);
    }
  };
  blank(await losses(page), 'before Forward');
  await control(page, 'button[data-action="forward"]').click();
  let l = await losses(page);
  const [trace] = await runCore(page, await stateJson(page), [['forward']]);
  for (const where of ['diagram', 'status', 'train']) assert.equal(Number(l[where].value), trace.loss, `${where} after Forward`);
  assert.equal(l.status.text, l.diagram.text, 'the status line and the diagram print the loss alike');
  // A data set arrives with its forward pass done: its losses show at once, and after training, as the core has them.
  const test = await page.evaluate(async () => {
    // The panel's held-out split, made again by the core (data.js's defaults: 300 points, noise 0.1, seed 1, 30%).
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    return m.splitSamples(m.dataset('gaussians', 300, 0.1, 1), 0.3, 1).test;
  });
  await control(page, '[data-dataset="gaussians"]').click();
  for (const when of ['a new data set', 'after training']) {
    if (when === 'after training') {
      await control(page, 'button[data-action="train10"]').click();
      // On a data set this large the steps come back from the worker.
      await page.waitForFunction(() => document.querySelector('backprop-playground').trace().step === 10);
    }
    l = await losses(page);
    const [fwd, , testLoss] = await runCore(page, await stateJson(page), [['forward'], ['setTestSamples', test], ['testLoss']]);
    for (const where of ['diagram', 'status', 'train']) assert.equal(Number(l[where].value), fwd.loss, `${where}: ${when}`);
    assert.equal(Number(l.test.value), testLoss, `the held-out loss is the core’s: ${when}`);
  }
});

/** Whether the element `sel` lies horizontally inside the part of the diagram in view. */
const inView = (page, sel) => page.evaluate((sel) => {
  const root = document.querySelector('backprop-playground').shadowRoot;
  const box = root.querySelector('.scroller').getBoundingClientRect();
  const r = root.querySelector(sel).getBoundingClientRect();
  return r.left >= box.left && r.right <= box.right;
}, sel);

pageTest('on a phone the step-by-step walk and the quiz scroll the diagram to what they are about', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' }); // each phase at once, and no smooth scrolling to wait for
  await control(page, '[data-zoom="full"]').click(); // the phone's diagram opens fitted; at 100 % it scrolls
  const walk = async (phase) => {
    for (;;) {
      const p = await page.evaluate(() => document.querySelector('backprop-playground').nextPhase());
      if (p === phase) return;
    }
  };
  assert.equal(await inView(page, '.lossbox'), false, 'the loss starts out of view');
  await walk('loss');
  assert.ok(await inView(page, '.lossbox'), 'the loss phase shows the loss');
  await walk('backward'); // the output layer's δ
  assert.ok(await inView(page, '#node-3-1'), 'the backward pass starts at the output layer');
  await walk('backward'); // layer 2
  assert.ok(await inView(page, '#node-2-1'), 'then layer 2');
  // A quiz about a value out of view brings it into view.
  await page.evaluate(() => document.querySelector('backprop-playground').quiz('z3.2'));
  assert.ok(await inView(page, '#node-3-2'), 'the quizzed neuron is in view');
}, { viewport: { width: 390, height: 844 } });

pageTest('on a touch screen a tapped weight’s tooltip closes on a tap elsewhere', async ({ page }) => {
  const tip = control(page, '.tip');
  await control(page, '.elabel[data-edit="w2.1.1"]').tap();
  await tip.waitFor({ state: 'visible' });
  assert.match(await tip.textContent(), /w²₁₁ = /);
  // A tap on the diagram's empty background, then one outside the diagram; a
  // tap on another weight moves the tooltip there (the same one again would edit it).
  for (const [where, next] of [['.stage', 'w3.1.1'], ['.walk-say', 'w2.2.1']]) {
    await control(page, where).tap({ position: { x: 6, y: 6 } });
    await tip.waitFor({ state: 'hidden' });
    await control(page, `.elabel[data-edit="${next}"]`).tap();
    await tip.waitFor({ state: 'visible' });
    assert.match(await tip.textContent(), new RegExp(`w${next[1] === '2' ? '²' : '³'}`));
  }
}, { viewport: { width: 390, height: 844 }, touch: true });
