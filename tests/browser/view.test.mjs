// Display settings: notation, significant digits and language change the labels, never the numbers.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadStrings, STRINGS } from '../../www/strings.js';
import { control, pageTest, shown } from './harness.mjs';

await loadStrings('zh');

/** The visible name written beside a value in the diagram, e.g. 'w²₁₁' drawn with tspans → 'w211'. */
const nameOf = (page, name) => page.evaluate((name) => {
  const cell = document.querySelector('backprop-playground').shadowRoot.querySelector(`svg [data-name="${name}"]`);
  return cell.previousElementSibling.textContent;
}, name);

test('the English and Chinese string tables have the same keys', () => {
  const keys = (o) => Object.keys(o).sort();
  assert.deepEqual(keys(STRINGS.zh), keys(STRINGS.en));
  for (const key of keys(STRINGS.en)) {
    assert.equal(typeof STRINGS.zh[key], typeof STRINGS.en[key], key);
    if (typeof STRINGS.en[key] === 'object') assert.deepEqual(keys(STRINGS.zh[key]), keys(STRINGS.en[key]), key);
  }
});

pageTest('compact notation numbers the weights w1…w8 and names neurons h1, o1', async ({ page }) => {
  assert.equal(await nameOf(page, 'w3.1.2'), 'w312'); // w³₁₂ as super- and subscript tspans
  const before = await shown(page);
  await control(page, '[data-view="notation"] button[data-value="compact"]').click();
  assert.equal(await nameOf(page, 'w2.1.1'), 'w1');
  assert.equal(await nameOf(page, 'w2.2.1'), 'w3'); // row by row: w3 joins i1 to h2
  assert.equal(await nameOf(page, 'w3.1.1'), 'w5');
  assert.equal(await nameOf(page, 'w3.2.2'), 'w8');
  assert.equal(await nameOf(page, 'b3.2'), 'b4');
  assert.equal(await nameOf(page, 'a3.1'), 'ao1');
  assert.equal(await nameOf(page, 'z2.2'), 'zh2');
  assert.deepEqual(await shown(page), before, 'the same numbers');
});

/** `v` to `digits` significant digits as the page writes it: toPrecision, with a true minus. */
const sig = (v, digits) => v.toPrecision(digits).replace('-', '\u2212');

pageTest('significant digits go from 2 to 9 and data-value keeps full precision', async ({ page }) => {
  const state = await page.evaluate(() => document.querySelector('backprop-playground').state);
  await control(page, 'button[data-action="backward"]').click();
  const before = await shown(page);
  for (const digits of [2, 9]) {
    await control(page, 'select[data-view="digits"]').selectOption(String(digits));
    assert.equal(await control(page, '#w2-1-2').textContent(), sig(state.weights[0][0][1], digits));
    assert.equal(await control(page, '#z3-1').textContent(), sig(before['z3.1'], digits));
    // ∂L/∂w²₁₁ = 0.000438…: its leading zeros are not digits
    assert.equal(await control(page, '[data-name="gw2.1.1"]').textContent(), sig(before['gw2.1.1'], digits));
    assert.deepEqual(await shown(page), before);
  }
});

/**
 * Every number element in the element with a data-value: its text, the
 * number that text reads as (× 10ⁿ and a true minus understood) and its count
 * of significant digits.
 */
const numbersShown = (page) => page.evaluate(() => {
  const sup = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-' };
  const out = [];
  for (const el of document.querySelector('backprop-playground').shadowRoot.querySelectorAll('[data-value]')) {
    if (el.matches('button, option, .walk-formula, .formula-line') || el.closest('.tex')) continue;
    const text = el.textContent.trim();
    const m = /^(−?)(\d+(?:\.\d+)?)(?:×10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?$/.exec(text);
    if (!m) continue;
    const exp = m[3] ? Number([...m[3]].map((c) => sup[c]).join('')) : 0;
    out.push({
      name: el.getAttribute('data-name') ?? el.getAttribute('data-role') ?? el.className,
      text,
      shown: (m[1] ? -1 : 1) * Number(m[2]) * 10 ** exp,
      digits: m[2].replace('.', '').replace(/^0+/, '').length,
      value: Number(el.getAttribute('data-value')),
    });
  }
  return out;
});

pageTest('at the default setting every number shown has at least 4 significant digits', async ({ page }) => {
  await control(page, 'button[data-action="backward"]').click();
  await page.evaluate(() => document.querySelector('backprop-playground').select('w2.1.1'));
  const seen = [...await numbersShown(page)];
  await control(page, '[data-tab="distribution"]').click();
  seen.push(...await numbersShown(page));
  // the diagram's 21 values and gradients, the loss counter, the chain rule and the split
  assert.ok(seen.length > 40, `${seen.length} numbers`);
  for (const n of seen) {
    if (n.shown === n.value) continue; // exact as written: 0, 0.5
    assert.ok(n.digits >= 4, `${n.name} shows ${n.text} for ${n.value}`);
    const unit = 10 ** (Math.floor(Math.log10(Math.abs(n.value))) - n.digits + 1);
    assert.ok(Math.abs(n.shown - n.value) <= unit / 2 + 1e-15, `${n.name}: ${n.text} is not ${n.value}`);
  }
  assert.ok(seen.some((n) => n.text === '0.0004386'), 'the hidden gradient ∂L/∂w²₁₁ to 4 digits');
});

pageTest('中文 switches every string, and the numbers stay', async ({ page }) => {
  await control(page, 'button[data-action="backward"]').click();
  const before = await shown(page);
  await control(page, '[data-view="lang"] button[data-value="zh"]').click();
  await page.evaluate(() => document.querySelector('backprop-playground').drawn); // its words come first
  assert.equal(await control(page, 'button[data-action="forward"] .ptitle').textContent(), STRINGS.zh.forward);
  assert.equal(await control(page, '.hint').textContent(), STRINGS.zh.hintBackward);
  assert.equal(await control(page, '.pg').getAttribute('lang'), 'zh-Hans');
  assert.deepEqual(await shown(page), before);
  await control(page, '[data-view="lang"] button[data-value="en"]').click();
  assert.equal(await control(page, 'button[data-action="forward"] .ptitle').textContent(), STRINGS.en.forward);
});

pageTest('after a step a weight’s tooltip says what it read before the step, at the digits shown', async ({ page }) => {
  const tips = await page.evaluate(async () => {
    const el = document.querySelector('backprop-playground');
    const r = el.shadowRoot;
    const before = el.state.weights[1][0][0]; // w³₁₁ on the seed's network
    await el.step(1);
    await el.drawn;
    const tip = (name) => {
      const target = r.querySelector(`.edge[data-tip="${name}"]`) ?? r.querySelector(`[data-tip="${name}"]`);
      target.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
      const text = [...r.querySelectorAll('.tip .tprev')].map((d) => d.textContent);
      target.dispatchEvent(new PointerEvent('pointerout', { bubbles: true, composed: true }));
      return text;
    };
    const { fmt } = await import(new URL('./format.js', document.baseURI).href);
    return { was: fmt(before, el.view.digits), moved: tip('w3.1.1') };
  });
  assert.equal(tips.moved.length, 1, 'one line for the weight before the step');
  assert.match(tips.moved[0], /before the last step/);
  assert.ok(tips.moved[0].endsWith(`= ${tips.was}`), tips.moved[0]);
});
