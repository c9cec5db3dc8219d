// Embeds and exports: several elements on one page stay independent, hostile
// host CSS breaks nothing, attributes configure an embed, and every export
// holds exactly what the core says.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertShows, expected, openPage, runCore, shown } from './harness.mjs';

/** A test on `path` of the built site; fails on any console error or failed request. */
export function siteTest(name, path, fn, { viewport, allow = null } = {}) {
  test(name, async () => {
    const { page, context, problems } = await openPage({ path, viewport });
    try {
      await fn({ page, core: (json, calls) => runCore(page, json, calls) });
      assert.deepEqual(problems.filter((p) => !allow?.test(p)), [], 'the page logged errors');
    } finally {
      await context.close();
    }
  });
}

/** Adds a second element to the page; resolves once it is ready. */
const addSecond = (page, attrs = {}) => page.evaluate(async (attrs) => {
  const el = document.createElement('backprop-playground');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.id = 'second';
  document.querySelector('main').append(el);
  await el.ready;
}, attrs);

/** Everything observable about one element: state, shown values, history buttons, view. */
const snapshot = (page, selector) => page.evaluate((selector) => {
  const el = document.querySelector(selector);
  const values = {};
  for (const v of el.shadowRoot.querySelectorAll('svg [data-name]')) values[v.getAttribute('data-name')] = v.getAttribute('data-value');
  const undo = el.shadowRoot.querySelector('[data-action="undo"]').disabled;
  return { state: JSON.stringify(el.state), values, undo, view: { ...el.view }, log: el.trainingLog.length };
}, selector);

siteTest('two embeds on one page: acting on one leaves the other exactly as it was', '', async ({ page, core }) => {
  await addSecond(page, { preset: 'xor' });
  const first = 'backprop-playground:not(#second)';
  const before = await snapshot(page, '#second');
  // Act on the first through its buttons, its editor, its view and its API.
  const one = page.locator(first);
  await one.locator('button[data-action="forward"]').click();
  await one.locator('button[data-action="backward"]').click();
  await one.locator('button[data-action="train10"]').click();
  await one.locator('svg [data-name="w2.1.1"]').click(); // selects it
  await one.locator('svg [data-name="w2.1.1"]').click(); // edits it
  await one.locator('.editor-input').fill('0.7');
  await one.locator('.editor-input').press('Enter');
  await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    el.view.digits = 6;
    el.view.notation = 'compact';
    el.presenter = true;
  }, first);
  assert.deepEqual(await snapshot(page, '#second'), before, 'the second element did not move');
  assert.deepEqual(await page.evaluate((sel) => [document.querySelector(sel).selected, document.querySelector('#second').selected], first), ['w2.1.1', null]);
  // And the first did what its own core says.
  const mine = await snapshot(page, first);
  assert.equal(mine.undo, false);
  assert.equal(mine.log, 10);
  // The second still works on its own, from its own state.
  const [, state, fwd] = await core(before.state, [['step', 3], ['state'], ['forward']]);
  await page.locator('#second button[data-action="step"]').click();
  await page.evaluate(() => {
    const second = document.querySelector('#second');
    second.step(2);
    return second.drawn;
  });
  assert.equal(JSON.stringify(await page.evaluate(() => document.querySelector('#second').state)), JSON.stringify(state));
  const values = await page.evaluate(() => Object.fromEntries([...document.querySelector('#second').shadowRoot.querySelectorAll('svg [data-name]')]
    .map((v) => [v.getAttribute('data-name'), v.hasAttribute('data-value') ? Number(v.getAttribute('data-value')) : null])));
  assertShows(values, expected(state, fwd), 'second element');
  assert.equal((await snapshot(page, first)).state, mine.state, 'the first did not move either');
});

siteTest('hostile host CSS neither hides nor breaks the element', '', async ({ page, core }) => {
  await page.addStyleTag({ content: '* { font-size: 40px !important; color: red !important; display: block } svg text { display: none !important } button { visibility: hidden !important } backprop-playground { display: none }' });
  const look = await page.evaluate(() => {
    const root = document.querySelector('backprop-playground').shadowRoot;
    const cell = root.querySelector('svg [data-name="w2.1.1"]');
    const btn = root.querySelector('button[data-action="forward"]');
    const r = cell.getBoundingClientRect();
    return { size: getComputedStyle(cell).fontSize, color: getComputedStyle(root.querySelector('.hint')).color, visible: cell.checkVisibility() && r.width > 0, btn: btn.checkVisibility() };
  });
  assert.equal(look.size, '12px');
  assert.notEqual(look.color, 'rgb(255, 0, 0)');
  assert.ok(look.visible, 'value labels are drawn');
  assert.ok(look.btn, 'buttons are visible');
  await page.locator('backprop-playground button[data-action="backward"]').click();
  const json = await page.evaluate(() => JSON.stringify(document.querySelector('backprop-playground').state));
  const [trace, state] = await core(json, [['trace'], ['state']]);
  assertShows(await shown(page), expected(state, trace, { backward: true }), 'under hostile CSS');
});

/** Clicks an export in the Share menu and returns the downloaded file's name and bytes. */
async function exported(page, kind) {
  await page.locator('backprop-playground [data-menu="export"] summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`backprop-playground [data-export="${kind}"]`).click(),
  ]);
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

siteTest('every export holds what the core says', '', async ({ page, core }) => {
  const start = await page.evaluate(() => JSON.stringify(document.querySelector('backprop-playground').state));
  await page.locator('backprop-playground button[data-action="train10"]').click();
  await page.locator('backprop-playground button[data-action="step"]').click();
  await page.locator('backprop-playground button[data-action="backward"]').click();

  // JSON: the state, exactly.
  const json = await exported(page, 'json');
  assert.equal(json.name, 'backprop-state.json');
  assert.deepEqual(JSON.parse(json.bytes.toString()), await page.evaluate(() => document.querySelector('backprop-playground').state));

  // CSV: one row per step, the losses the core returns for the same steps.
  const csv = (await exported(page, 'csv')).bytes.toString().trim().split('\n');
  assert.equal(csv[0], 'step,epoch,loss');
  const { losses, epochs } = await page.evaluate(async (start) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    const pg = new m.Playground(JSON.parse(start));
    const runs = [pg.step(10), pg.step(1)];
    pg.free();
    return { losses: runs.flatMap((r) => [...r.losses]), epochs: runs.flatMap((r) => [...r.epochs]) };
  }, start);
  assert.equal(csv.length - 1, 11);
  csv.slice(1).forEach((row, i) => {
    const [step, epoch, loss] = row.split(',').map(Number);
    assert.equal(step, i + 1);
    assert.equal(epoch, epochs[i], `row ${i + 1}: the epochs completed after the step`);
    assert.equal(epoch, i + 1, 'one sample: each step completes an epoch');
    assert.equal(loss, losses[i], `row ${i + 1}`);
  });

  // Markdown and LaTeX: the core's explainAs for the chosen parameter.
  await page.locator('backprop-playground [data-menu="export"] summary').click();
  await page.locator('backprop-playground .param-pick').selectOption('w3.2.1');
  await page.locator('backprop-playground [data-menu="export"] summary').click();
  const state = await page.evaluate(() => JSON.stringify(document.querySelector('backprop-playground').state));
  const own = await page.evaluate(async (state) => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    const pg = new m.Playground(JSON.parse(state));
    const out = { markdown: pg.explainAs('w3.2.1', 0, 'markdown', 4), latex: pg.explainAs('w3.2.1', 0, 'latex', 4) };
    pg.free();
    return out;
  }, state);
  assert.equal((await exported(page, 'markdown')).bytes.toString(), own.markdown);
  assert.equal((await exported(page, 'latex')).bytes.toString(), own.latex);
  assert.match(own.markdown, /w/);

  // SVG: parses, stands alone, and carries every value label of the diagram.
  const svg = (await exported(page, 'svg')).bytes.toString();
  const check = await page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const names = [...document.querySelector('backprop-playground').shadowRoot.querySelectorAll('svg [data-name]')].map((e) => e.getAttribute('data-name'));
    const inFile = new Set([...doc.querySelectorAll('[data-name]')].map((e) => e.getAttribute('data-name')));
    const cell = doc.querySelector('[data-name="w2.1.1"]');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      missing: names.filter((n) => !inFile.has(n)),
      count: names.length,
      styled: /fill:/.test(cell.getAttribute('style')) && !svg.includes('class="'),
      text: cell.textContent,
      shown: document.querySelector('backprop-playground').shadowRoot.querySelector('[data-name="w2.1.1"]').textContent,
    };
  }, svg);
  assert.equal(check.error, null);
  assert.deepEqual(check.missing, []);
  assert.ok(check.count > 30);
  assert.ok(check.styled, 'styles are inline, classes gone');
  assert.equal(check.text, check.shown);

  // PNG: the signature, and the diagram's size at 2×.
  const png = (await exported(page, 'png')).bytes;
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const box = await page.evaluate(() => document.querySelector('backprop-playground').shadowRoot.querySelector('svg.net').getAttribute('viewBox').split(' ').map(Number));
  assert.equal(png.readUInt32BE(16), box[2] * 2);
  assert.equal(png.readUInt32BE(20), box[3] * 2);
});

siteTest('state files load from the button and by drag and drop; a bad one shows the core’s message and keeps the network', '', async ({ page, core }) => {
  const [xor] = await core(await page.evaluate(async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    return JSON.stringify(m.preset('xor'));
  }), [['state']]);
  await page.locator('backprop-playground input[data-file="state"]').setInputFiles({ name: 'xor.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(xor)) });
  await page.waitForFunction(() => document.querySelector('backprop-playground').state.layers.length === 3 && document.querySelector('backprop-playground').state.layers[1] === 4);
  assert.deepEqual(await page.evaluate(() => document.querySelector('backprop-playground').state), xor);

  const before = await page.evaluate(() => JSON.stringify(document.querySelector('backprop-playground').state));
  const bad = { ...xor, learning_rate: -1 };
  const [refused] = await core(JSON.stringify(xor), [['setState', bad]]);
  // Dropped onto the element.
  await page.evaluate((text) => {
    const root = document.querySelector('backprop-playground').shadowRoot.querySelector('.pg');
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'bad.json', { type: 'application/json' }));
    root.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    root.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, JSON.stringify(bad));
  const notice = page.locator('backprop-playground .banner-detail');
  await notice.waitFor();
  assert.equal(await notice.textContent(), refused.error);
  assert.match(await page.locator('backprop-playground .banner-title').textContent(), /not loaded/);
  assert.equal(await page.evaluate(() => JSON.stringify(document.querySelector('backprop-playground').state)), before);
  // Not JSON at all.
  await page.locator('backprop-playground input[data-file="state"]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page.waitForFunction(() => /not valid JSON/.test(document.querySelector('backprop-playground').shadowRoot.querySelector('.banner-detail').textContent));
  assert.equal(await page.evaluate(() => JSON.stringify(document.querySelector('backprop-playground').state)), before);
});

siteTest('embed code: the script tag carries the state, the iframe link opens the same network', '', async ({ page, core }) => {
  await page.evaluate(() => document.querySelector('backprop-playground').step(7));
  const state = await page.evaluate(() => document.querySelector('backprop-playground').state);
  await page.locator('backprop-playground [data-menu="export"] summary').click();
  await page.locator('backprop-playground [data-action="embed"]').click();
  const script = await page.locator('backprop-playground [data-code="script"]').inputValue();
  const iframe = await page.locator('backprop-playground [data-code="iframe"]').inputValue();
  assert.match(script, /^<script type="module" src="http:\/\/[^"]+\/backprop-playground\.js"><\/script>\n<backprop-playground state='/);
  const attr = /state='([^']*)'/.exec(script)[1].replaceAll('&#39;', "'").replaceAll('&amp;', '&');
  assert.deepEqual(JSON.parse(attr), state);
  const link = await page.evaluate(() => document.querySelector('backprop-playground').link());
  const src = /src="([^"]*)"/.exec(iframe)[1].replaceAll('&amp;', '&');
  assert.ok(src.endsWith(`index.html?embed#s=${link}`), src);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('backprop-playground .overlay').count(), 0);

  // The iframe form, opened: no heading, the same network.
  await page.goto(src);
  await page.evaluate(() => document.querySelector('backprop-playground').ready);
  assert.equal(await page.locator('h1').isVisible(), false);
  assert.deepEqual(await page.evaluate(() => document.querySelector('backprop-playground').state), state);
});

siteTest('embed.html: attributes configure each embed, and each shows its own code', 'embed.html', async ({ page, core }) => {
  await page.evaluate(() => Promise.all([...document.querySelectorAll('backprop-playground')].map((el) => el.ready)));
  // 1: controls and height.
  const blog = page.locator('#demo-blog backprop-playground');
  assert.equal(await blog.locator('.panel').isVisible(), false);
  assert.equal(await blog.locator('[data-panel="history"]').isVisible(), false);
  assert.equal(await blog.locator('button[data-action="forward"]').isVisible(), true);
  const height = await blog.evaluate((el) => el.getBoundingClientRect().height);
  assert.ok(Math.abs(height - 500) < 1, `height 500px, got ${height}`);
  const fits = await blog.evaluate((el) => {
    const s = el.shadowRoot.querySelector('.scroller');
    return s.scrollHeight <= s.clientHeight + 1;
  });
  assert.ok(fits, 'the diagram fits the height');
  // 2: inline state, Chinese, read-only.
  const cls = page.locator('#demo-class backprop-playground');
  const inline = JSON.parse(await cls.getAttribute('state'));
  const [own] = await core(JSON.stringify(inline), [['state']]);
  assert.deepEqual(await cls.evaluate((el) => el.state), own);
  assert.equal(await cls.locator('button[data-action="forward"] .ptitle').textContent(), '正向传播');
  await cls.locator('svg [data-name="w2.1.1"]').click();
  assert.equal(await cls.locator('.editor-input').count(), 0, 'read-only: no editor');
  assert.equal(await cls.locator('[data-panel="network"]').isVisible(), false);
  await cls.locator('button[data-action="step"]').click();
  assert.equal(await cls.evaluate((el) => el.state.step), 1, 'stepping still works');
  // 3: src, same origin, and autoplay (the page does not prefer reduced motion).
  const src = page.locator('#demo-src backprop-playground');
  const file = await page.evaluate(() => fetch('./states/and-gate.json').then((r) => r.text()));
  const [fromFile] = await core(file, [['state']]);
  assert.deepEqual((await src.evaluate((el) => el.state)).weights.length, fromFile.weights.length);
  await src.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('#demo-src backprop-playground').state.step > 0);
  await src.evaluate((el) => el.pause());
  // The code shown is each element's markup, as text.
  const code = await page.locator('[data-code-for="demo-class"]').textContent();
  assert.match(code, /^<backprop-playground lang="zh" readonly controls="[^"]+" state='\{"layers":\[2,2,1\]/);
  assert.equal(await page.locator('pre.code *').count(), 0, 'code is text, not markup');
});

siteTest('a bad state or src attribute is shown, never thrown, and the preset loads instead', '', async ({ page, core }) => {
  const results = await page.evaluate(async () => {
    const out = [];
    for (const [name, value] of [['state', '{"layers":[2,2],"learning_rate":-1}'], ['state', '<img src=x onerror=alert(1)>'], ['src', 'https://example.com/state.json'], ['src', './missing.json']]) {
      const el = document.createElement('backprop-playground');
      el.setAttribute(name, value);
      document.body.append(el);
      await el.ready;
      out.push({ notice: el.shadowRoot.querySelector('.banner-detail').textContent, layers: el.state.layers, img: el.shadowRoot.querySelectorAll('img').length });
      el.remove();
    }
    return out;
  }).catch((err) => ({ err: err.message }));
  assert.ok(Array.isArray(results), JSON.stringify(results));
  const [lr] = await core('{"layers":[2,2]}', [['setState', { layers: [2, 2], learning_rate: -1 }]]);
  assert.equal(results[0].notice, lr.error);
  assert.deepEqual(results[0].layers, [2, 2, 2]);
  assert.match(results[1].notice, /link/);
  assert.equal(results[1].img, 0);
  assert.match(results[2].notice, /^src: only files from this site/);
  assert.match(results[3].notice, /^src: could not load \.\/missing\.json \(HTTP 404\)/);
}, { allow: /missing\.json|status of 404/ });
