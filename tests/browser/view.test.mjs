// Display settings: notation, decimals and language change the labels, never the numbers.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STRINGS } from '../../www/strings.js';
import { control, pageTest, shown } from './harness.mjs';

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

pageTest('decimals go from 2 to 9 and data-value keeps full precision', async ({ page }) => {
  const state = await page.evaluate(() => document.querySelector('backprop-playground').state);
  await control(page, 'button[data-action="forward"]').click();
  const before = await shown(page);
  for (const digits of [2, 9]) {
    await control(page, 'select[data-view="digits"]').selectOption(String(digits));
    assert.equal(await control(page, '#w2-1-2').textContent(), state.weights[0][0][1].toFixed(digits));
    const z = await control(page, '#z3-1').textContent();
    assert.equal(z, before['z3.1'].toFixed(digits));
    assert.deepEqual(await shown(page), before);
  }
});

pageTest('中文 switches every string, and the numbers stay', async ({ page }) => {
  await control(page, 'button[data-action="backward"]').click();
  const before = await shown(page);
  await control(page, '[data-view="lang"] button[data-value="zh"]').click();
  assert.equal(await control(page, 'button[data-action="forward"] .ptitle').textContent(), STRINGS.zh.forward);
  assert.equal(await control(page, '.hint').textContent(), STRINGS.zh.hintBackward);
  assert.equal(await control(page, '.pg').getAttribute('lang'), 'zh-Hans');
  assert.deepEqual(await shown(page), before);
  await control(page, '[data-view="lang"] button[data-value="en"]').click();
  assert.equal(await control(page, 'button[data-action="forward"] .ptitle').textContent(), STRINGS.en.forward);
});
