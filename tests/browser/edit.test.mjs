// Typing a new value into the diagram: everything downstream follows the
// core; anything the core refuses shows its message and changes nothing.

import assert from 'node:assert/strict';
import { assertShows, control, expected, pageTest, shown, stateJson } from './harness.mjs';

/**
 * Clicks a label (a weight or bias twice: the first click selects it for
 * the chain rule), types `text` into the field that opens over it, and presses Enter.
 */
async function typeInto(page, name, text) {
  const label = control(page, `svg [data-name="${name}"]`);
  await label.click();
  if (/^[wb]/.test(name)) await label.click();
  const input = control(page, '.editor-input');
  await input.waitFor();
  await input.fill(text);
  await input.press('Enter');
}

pageTest('editing a weight updates z and a downstream to the core’s trace', async ({ page, core }) => {
  await control(page, 'button[data-action="forward"]').click();
  const before = await stateJson(page);
  const [, state, trace] = await core(before, [['setParam', 'w2.1.1', 0.7], ['state'], ['forward']]);
  await typeInto(page, 'w2.1.1', '0.7');
  assert.equal(await control(page, '.editor-input').count(), 0, 'the field closes');
  assert.equal(await stateJson(page), JSON.stringify(state));
  const v = await shown(page);
  assertShows(v, expected(state, trace), 'after editing w²₁₁');
  // Downstream of w²₁₁ every z and a moved; layer 2's second neuron did not.
  const old = expected(JSON.parse(before), (await core(before, [['forward']]))[0]);
  for (const n of ['z2.1', 'a2.1', 'z3.1', 'a3.1', 'z3.2', 'a3.2', 'loss']) assert.notEqual(v[n], old[n], n);
  assert.equal(v['z2.2'], old['z2.2']);
});

pageTest('editing after Backward updates δ and the gradients too', async ({ page, core }) => {
  await control(page, 'button[data-action="backward"]').click();
  const [, , state, trace] = await core(await stateJson(page), [['setParam', 'b3.2', -1.25], ['setInput', 0, 1, 2], ['state'], ['trace']]);
  await typeInto(page, 'b3.2', '-1.25');
  await typeInto(page, 'x1.2', '2');
  assertShows(await shown(page), expected(state, trace, { backward: true }), 'after editing b³₂ and x₂');
});

pageTest('editing a target changes the loss as the core says', async ({ page, core }) => {
  await control(page, 'button[data-action="forward"]').click();
  const [, state, trace] = await core(await stateJson(page), [['setTarget', 0, 0, 0.5], ['state'], ['forward']]);
  await typeInto(page, 'y1.1', '0,5'); // a decimal comma is read as a point
  assertShows(await shown(page), expected(state, trace), 'after editing y₁');
});

pageTest('a typed letter shows the core’s message and changes nothing', async ({ page, core }) => {
  await control(page, 'button[data-action="forward"]').click();
  const before = await stateJson(page);
  const shownBefore = await shown(page);
  const [refused] = await core(before, [['setParam', 'w3.2.1', NaN]]);
  await typeInto(page, 'w3.2.1', 'abc');
  const error = control(page, '.editor-error');
  assert.equal(await error.textContent(), refused.error);
  assert.ok(await error.isVisible());
  assert.equal(await stateJson(page), before);
  assert.deepEqual(await shown(page), shownBefore);
  await control(page, '.editor-input').press('Escape');
  assert.equal(await control(page, '.editor-input').count(), 0);
  assert.equal(await stateJson(page), before);
  // A number too large for a pass to stay finite is refused the same way.
  const [huge] = await core(before, [['setParam', 'w3.2.1', 1e300]]);
  assert.match(huge.error, /^w3\.2\.1: expected a number from -1e6 to 1e6/);
  await control(page, 'svg [data-name="w3.2.1"]').click(); // still selected: this edits it
  await control(page, '.editor-input').fill('1e300');
  await control(page, '.editor-input').press('Enter');
  assert.equal(await control(page, '.editor-error').textContent(), huge.error);
  await control(page, '.editor-input').press('Escape');
  assert.equal(await stateJson(page), before);
});

pageTest('settings the core refuses show its message beside the control and change nothing', async ({ page, core }) => {
  const before = await stateJson(page);
  const cases = [
    ['learning_rate', 'abc', { learning_rate: 'abc' }],
    ['learning_rate', '500', { learning_rate: 500 }],
    ['batch_size', '2', { batch_size: 2 }],
  ];
  for (const [field, text, patch] of cases) {
    const [refused] = await core(before, [['setState', { ...JSON.parse(before), ...patch }]]);
    assert.ok(refused?.error, `the core refuses ${field} = ${text}`);
    const input = control(page, `input[data-field="${field}"]`);
    await input.fill(text);
    await input.press('Enter');
    const message = control(page, `[data-err="${field}"]`);
    assert.equal(await message.textContent(), refused.error);
    assert.ok(await message.isVisible());
    assert.equal(await stateJson(page), before, `${field} = ${text} changed nothing`);
  }
  // A loss the network cannot use: the select snaps back.
  const [refused] = await core(before, [['setState', { ...JSON.parse(before), loss: 'cross_entropy', activations: ['sigmoid', 'sigmoid'] }]]);
  assert.equal(refused, null, 'cross-entropy suits a sigmoid output');
  await control(page, 'select[data-field="activation-3"]').selectOption('relu');
  await control(page, 'select[data-field="loss"]').selectOption('cross_entropy');
  assert.match(await control(page, '[data-err="loss"]').textContent(), /^loss: /);
  assert.equal(await control(page, 'select[data-field="loss"]').inputValue(), 'squared_error');
  // A good value clears the message and is taken.
  const lr = control(page, 'input[data-field="learning_rate"]');
  await lr.fill('0.25');
  await lr.press('Enter');
  assert.ok(await control(page, '[data-err="learning_rate"]').isHidden());
  assert.equal(JSON.parse(await stateJson(page)).learning_rate, 0.25);
});

pageTest('the keyboard reaches every editable value: Tab, Enter, type, Enter', async ({ page, core }) => {
  await control(page, 'button[data-action="forward"]').click();
  const label = control(page, '.elabel[data-edit="w3.2.1"]');
  await label.focus();
  await page.keyboard.press('Enter');
  const input = control(page, '.editor-input');
  await input.waitFor();
  assert.equal(await input.inputValue(), String(JSON.parse(await stateJson(page)).weights[1][1][0]), 'starts from the full-precision value');
  const [, state, trace] = await core(await stateJson(page), [['setParam', 'w3.2.1', -0.125], ['state'], ['forward']]);
  await input.fill('−0.125'); // a typographic minus is read as a minus
  await page.keyboard.press('Enter');
  assertShows(await shown(page), expected(state, trace), 'after editing from the keyboard');
  assert.equal(await page.evaluate(() => document.querySelector('backprop-playground').shadowRoot.activeElement?.getAttribute('data-edit')), 'w3.2.1', 'focus returns to the label');
  // Escape leaves everything as it was.
  await page.keyboard.press('Enter');
  await input.fill('9');
  await page.keyboard.press('Escape');
  assert.equal(await stateJson(page), JSON.stringify(state));
});
