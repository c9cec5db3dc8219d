// The classroom: a keyboard-only walk through forward, backward and step,
// the shortcuts and their help, presenter mode, the quiz and the live region.

import assert from 'node:assert/strict';
import { assertShows, control, expected, pageTest, shown, stateJson } from './harness.mjs';
import { STRINGS } from '../../www/strings.js';

/** Presses Tab until `selector` (inside the element) has focus; returns how many presses it took. */
async function tabTo(page, selector, max = 40) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((selector) => {
      const root = document.querySelector('backprop-playground').shadowRoot;
      return root.activeElement?.matches(selector) ?? false;
    }, selector);
    if (hit) return i;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The focused control's outline, to check that focus is visible. */
const focusRing = (page) => page.evaluate(() => {
  const el = document.querySelector('backprop-playground').shadowRoot.activeElement;
  const cs = getComputedStyle(el);
  return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), visible: el.matches(':focus-visible') };
});

pageTest('keyboard only: Tab to Forward, Backward and Step, press Enter, and the values follow the core', async ({ page, core }) => {
  const start = await stateJson(page);
  const [fwd, full, , stepped, after] = await core(start, [['forward'], ['trace'], ['state'], ['step', 1], ['forward']]);
  const state = JSON.parse(start);

  await tabTo(page, 'button[data-action="forward"]');
  const ring = await focusRing(page);
  assert.ok(ring.visible && ring.style !== 'none' && ring.width >= 2, `a visible focus ring: ${JSON.stringify(ring)}`);
  await page.keyboard.press('Enter');
  assertShows(await shown(page), expected(state, fwd), 'after Enter on Forward');

  await tabTo(page, 'button[data-action="backward"]');
  await page.keyboard.press('Enter');
  assertShows(await shown(page), expected(state, full, { backward: true }), 'after Enter on Backward');

  await tabTo(page, 'button[data-action="step"]');
  await page.keyboard.press('Enter');
  const now = JSON.parse(await stateJson(page));
  assert.equal(now.step, 1);
  const [own] = await core(start, [['step', 1], ['state']]).then((r) => [r[1]]);
  assert.deepEqual(now, own);
  assertShows(await shown(page), expected(own, after), 'after Enter on Step');
  assert.equal(stepped.step, 1);

  // The live region said what happened, with the core's loss.
  const live = await control(page, '.sr-only[aria-live]').textContent();
  assert.match(live, /^Step 1: loss /);
  assert.ok(live.endsWith(after.loss.toFixed(4)), `${live} ends with ${after.loss.toFixed(4)}`);

  // The diagram is a labelled group with a description of its shape and of how signs show.
  const described = await page.evaluate(() => {
    const root = document.querySelector('backprop-playground').shadowRoot;
    const svg = root.querySelector('svg.net');
    return [svg.getAttribute('role'), svg.getAttribute('aria-label'), root.getElementById(svg.getAttribute('aria-describedby'))?.textContent];
  });
  assert.equal(described[0], 'group');
  assert.ok(described[1]);
  assert.match(described[2], /2-2-2.*minus sign/);

  // Every control on the way is reachable: the diagram's editable values too, each named with its value.
  await tabTo(page, 'svg [data-edit="w2.1.1"]');
  const name = await page.evaluate(() => document.querySelector('backprop-playground').shadowRoot.activeElement.getAttribute('aria-label'));
  assert.match(name, /^w²₁₁ = /);
  await page.keyboard.press('Enter');
  await control(page, '.editor-input').waitFor();
});

pageTest('Space plays and pauses from anywhere but a text field, a just-clicked button too', async ({ page }) => {
  const playing = () => page.evaluate(() => document.querySelector('backprop-playground').playing);
  const presenter = () => page.evaluate(() => document.querySelector('backprop-playground').presenter);
  for (const sel of ['button[data-action="presenter"]', 'button[data-action="forward"]', 'input[data-walk="animate"]', 'svg [data-edit="w2.1.1"]']) {
    await control(page, sel).click();
    const before = { presenter: await presenter(), animate: await control(page, 'input[data-walk="animate"]').isChecked() };
    await page.keyboard.press(' ');
    assert.equal(await playing(), true, `Space after clicking ${sel} plays`);
    await page.keyboard.press(' ');
    assert.equal(await playing(), false, `and pauses`);
    // The focused control was not pressed again.
    assert.deepEqual({ presenter: await presenter(), animate: await control(page, 'input[data-walk="animate"]').isChecked() }, before, sel);
    assert.equal(await control(page, '.editor-input').count(), 0, `${sel}: no editor opened`);
  }
  // In a text field Space is a space.
  await control(page, 'button[data-action="presenter"]').click(); // the panel shows again
  await control(page, 'input[data-field="learning_rate"]').click();
  await page.keyboard.press(' ');
  assert.equal(await playing(), false);
});

pageTest('shortcuts: F, B, S, arrows, P for presenter, ? for help, Space to play', async ({ page, core }) => {
  const start = await stateJson(page);
  const [fwd, full, state] = await core(start, [['forward'], ['trace'], ['state']]);
  await control(page, '.hint').click(); // focus inside the element, on no control
  await page.keyboard.press('f');
  assertShows(await shown(page), expected(state, fwd), 'F');
  await page.keyboard.press('b');
  assertShows(await shown(page), expected(state, full, { backward: true }), 'B');
  await page.keyboard.press('s');
  assert.equal(JSON.parse(await stateJson(page)).step, 1);
  // The arrows walk the step phase by phase, as el.nextPhase() and el.previousPhase() do.
  const phase = () => page.evaluate(() => document.querySelector('backprop-playground').phase);
  assert.equal(await phase(), 'update');
  await page.keyboard.press('ArrowRight');
  assert.equal(await phase(), 'forward');
  await page.keyboard.press('ArrowLeft');
  assert.notEqual(await phase(), 'forward');

  // Typing in a field is never a shortcut.
  await control(page, 'input[data-field="learning_rate"]').click();
  await page.keyboard.press('s');
  assert.equal(JSON.parse(await stateJson(page)).step, 1);
  await control(page, '.hint').click();

  await page.keyboard.press('p');
  assert.equal(await page.evaluate(() => document.querySelector('backprop-playground').presenter), true);
  assert.equal(await control(page, '.panel').isVisible(), false);
  const big = await control(page, '.ptitle').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(big >= 18, `presenter type is large (${big}px)`);
  await page.keyboard.press('p');
  assert.equal(await control(page, '.panel').isVisible(), true);

  await page.keyboard.press('?');
  const dialog = control(page, '[role="dialog"]');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /Keyboard shortcuts/);
  assert.equal(await control(page, '[role="dialog"] .notation tr[data-name="w3.1.2"] td').nth(1).textContent(), 'w₆');
  assert.equal(await control(page, '[role="dialog"] .notation tr[data-name="w3.1.2"] td').first().textContent(), 'w³₁₂');
  await page.keyboard.press('Escape');
  assert.equal(await dialog.count(), 0);

  await page.keyboard.press(' ');
  assert.equal(await page.evaluate(() => document.querySelector('backprop-playground').playing), true);
  await page.waitForFunction(() => document.querySelector('backprop-playground').state.step > 3);
  await page.keyboard.press(' ');
  assert.equal(await page.evaluate(() => document.querySelector('backprop-playground').playing), false);
});

pageTest('quiz: a hidden value is checked against the core’s number, then its working is shown', async ({ page, core }) => {
  for (const name of ['z2.1', 'd3.2', 'gw2.2.1']) {
    await page.evaluate(() => document.querySelector('backprop-playground').backward());
    const [trace, phases] = await core(await stateJson(page), [['trace'], ['phases', 0, 4]]);
    await page.evaluate((name) => document.querySelector('backprop-playground').quiz(name), name);
    assert.equal(await control(page, `svg [data-name="${name}"].quiz-hide`).count(), 1, 'the value is hidden');
    const m = /^(gw|z|d)(\d)\.(\d)(?:\.(\d))?$/.exec(name);
    const want = m[1] === 'gw' ? trace.grad_weights[m[2] - 2][m[3] - 1][m[4] - 1]
      : trace.samples[0].layers[m[2] - 1][m[1] === 'z' ? 'z' : 'delta'][m[3] - 1];
    const formula = phases.flatMap((p) => p.formulas).find((f) => f.ref === name);
    // A wrong answer first: a hint, the core's formula in symbols, and the value stays hidden.
    await control(page, '.quiz-input').fill(String(want + 0.01));
    await control(page, '[data-action="quiz-check"]').click();
    assert.equal(await control(page, '.quiz-result').getAttribute('data-correct'), 'false');
    const hint = formula.text.split(' = ').slice(0, 2).join(' = ');
    assert.equal(await control(page, '.quiz-result').textContent(), STRINGS.en.quizTryAgain(hint));
    assert.equal(await control(page, `svg [data-name="${name}"].quiz-hide`).count(), 1, 'not revealed after one try');
    // Then the right one, to the 4 significant digits shown.
    await control(page, '.quiz-input').fill(want.toPrecision(4));
    await control(page, '.quiz-input').press('Enter');
    assert.equal(await control(page, '.quiz-result').getAttribute('data-correct'), 'true', name);
    const how = await control(page, '.quiz-how').textContent();
    assert.ok(how.endsWith(formula.text), `${name}: the core's working is shown`);
    assert.equal(await control(page, `svg [data-name="${name}"].quiz-hide`).count(), 0, 'and the value shows again');
  }
  // Two wrong answers, and the answer is shown.
  await page.evaluate(() => document.querySelector('backprop-playground').quiz('a2.1'));
  for (let i = 0; i < 2; i++) {
    await control(page, '.quiz-input').fill('7');
    await control(page, '[data-action="quiz-check"]').click();
  }
  const [again] = await core(await stateJson(page), [['trace']]);
  assert.equal(await control(page, '.quiz-result').textContent(), STRINGS.en.quizWrong(again.samples[0].layers[1].a[0].toPrecision(4)));
  assert.equal(await control(page, 'svg [data-name="a2.1"].quiz-hide').count(), 0, 'revealed after two tries');
  // A random question picks a z, a, δ or ∂L/∂w that is on screen.
  const asked = await page.evaluate(() => document.querySelector('backprop-playground').quiz());
  assert.match(asked, /^(z|a|d|gw)\d/);
});
