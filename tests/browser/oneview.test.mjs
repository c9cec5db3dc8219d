// The lesson in one view: at 1400×900, and in presenter mode at 1280×720,
// the diagram, the walk's narration and its current formula, and the
// selected parameter's chain rule are on screen together without scrolling;
// on a smaller screen selecting a parameter brings its chain rule into view.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { ARTIFACTS, control, pageTest } from './harness.mjs';

mkdirSync(ARTIFACTS, { recursive: true });

/** Selects w2.1.1 by a click on its label and walks to the first backward phase. */
async function selectAndWalk(page) {
  await control(page, '.elabel[data-edit="w2.1.1"]').click();
  await page.mouse.move(0, 0); // its tooltip goes with the pointer
  await page.emulateMedia({ reducedMotion: 'reduce' }); // each phase at once
  for (let i = 0; i < 20; i++) {
    const phase = await page.evaluate(() => document.querySelector('backprop-playground').nextPhase());
    if (phase === 'backward') return;
  }
  assert.fail('the walk never reached the backward phase');
}

/** Each part's box, and how much of it lies in the window (0 to 1 of its height). */
const parts = (page) => page.evaluate(() => {
  const root = document.querySelector('backprop-playground').shadowRoot;
  const of = (sel) => {
    const el = root.querySelector(sel);
    if (!el) return { missing: sel };
    const r = el.getBoundingClientRect();
    const shown = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0)) / (r.height || 1);
    return { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right), shown };
  };
  return {
    scrollY,
    diagram: of('.scroller svg'),
    narration: of('.walk-say'),
    formula: of('.walk-formula'),
    chain: of('.lesson-view'),
    chainText: root.querySelector('.lesson-view')?.textContent.slice(0, 80),
    tab: root.querySelector('.tabs [aria-selected="true"]')?.dataset.tab,
  };
});

/** Asserts every part is in the window: the diagram whole, the others at least their first lines. */
function allInView(p, what) {
  for (const key of ['diagram', 'narration', 'formula', 'chain']) {
    assert.ok(!p[key].missing, `${what}: ${key} is drawn`);
    assert.ok(p[key].top >= 0 && p[key].top < p.height && p[key].bottom > 0, `${what}: ${key} intersects the window (${p[key].top}–${p[key].bottom})`);
  }
  assert.ok(p.diagram.shown > 0.99, `${what}: the whole diagram is in the window`);
  assert.ok(p.narration.shown > 0.99, `${what}: the whole narration is in the window`);
  assert.equal(p.tab, 'chain', `${what}: the chain rule is open`);
  assert.match(p.chainText, /w/, `${what}: the chain rule is about the selected weight`);
}

pageTest('at 1400×900 the diagram, the walk’s narration and formula, and the chain rule are seen together', async ({ page }) => {
  await selectAndWalk(page);
  const p = { ...(await parts(page)), height: 900 };
  await page.screenshot({ path: `${ARTIFACTS}oneview-1400.png` });
  allInView(p, '1400×900');
  // The seed network leaves room: at most the page's heading scrolls away to show the formula's first lines.
  assert.ok(p.scrollY < 100, `the page scrolled ${p.scrollY} px`);
}, { viewport: { width: 1400, height: 900 } });

pageTest('on the spiral’s 2-8-8-1 network at 1400×900 the page scrolls just enough to show them with the whole diagram', async ({ page }) => {
  await control(page, '[data-dataset="spiral"]').click();
  await page.evaluate(() => document.querySelector('backprop-playground').step(300));
  await selectAndWalk(page);
  const p = { ...(await parts(page)), height: 900 };
  await page.screenshot({ path: `${ARTIFACTS}oneview-spiral-1400.png` });
  allInView(p, 'spiral at 1400×900');
  assert.ok(p.scrollY > 0, 'the page scrolled to bring the walk beside the diagram');
}, { viewport: { width: 1400, height: 900 } });

pageTest('in presenter mode at 1280×720 they are seen together too', async ({ page }) => {
  await page.evaluate(() => (document.querySelector('backprop-playground').presenter = true));
  await selectAndWalk(page);
  // Presenter mode brings the element to the window's top, past the page's heading.
  const p = { ...(await parts(page)), height: 720 };
  await page.screenshot({ path: `${ARTIFACTS}oneview-presenter-1280.png` });
  allInView(p, 'presenter at 1280×720');
}, { viewport: { width: 1280, height: 720 } });

/** Where the top of `sel` is, relative to the window: 'above', 'in' or 'below'. */
const where = (page, sel) => page.evaluate((sel) => {
  const top = document.querySelector('backprop-playground').shadowRoot.querySelector(sel).getBoundingClientRect().top;
  return top < -1 ? 'above' : top < innerHeight ? 'in' : 'below';
}, sel);

pageTest('on a phone a clicked weight brings its chain rule into view, and a button goes back to the diagram', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' }); // no smooth scrolling to wait for
  assert.equal(await where(page, '.lesson-view'), 'below', 'the chain rule starts below the window');
  await control(page, '.elabel[data-edit="w2.1.1"]').click();
  assert.equal(await where(page, '.lesson-view'), 'in', 'the chain rule is in view');
  assert.match(await control(page, '.lesson-view').textContent(), /w²₁₁/, 'and it is w²₁₁’s');
  await page.screenshot({ path: `${ARTIFACTS}oneview-phone-chain.png` });
  await control(page, '.to-diagram').click();
  assert.equal(await where(page, '.scroller'), 'in', 'the diagram is back in view');
}, { viewport: { width: 390, height: 844 } });
