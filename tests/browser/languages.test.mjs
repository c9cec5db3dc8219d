// Languages: the en and zh tables match key for key, a page switched to
// Chinese shows none of the English table's words, the language comes from
// the attribute, the URL or the browser, and every error code the core has
// reaches the reader in Chinese, worded from its code and params.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorText, loadStrings, PAGE_ERRORS, STRINGS } from '../../www/strings.js';
import { ZH_ERRORS } from '../../www/strings-zh.js';

await loadStrings('zh'); // the Chinese table, as a page that shows Chinese fetches it
import { control, coreRefuses, openPage, pageTest } from './harness.mjs';

/** Every leaf of a table as [path, value]. */
function leaves(o, path = []) {
  if (typeof o !== 'object' || o === null) return [[path.join('.'), o]];
  return Object.entries(o).flatMap(([k, v]) => leaves(v, [...path, k]));
}

test('the en and zh tables have the same keys, of the same kinds', () => {
  const en = leaves(STRINGS.en);
  const zh = new Map(leaves(STRINGS.zh));
  assert.deepEqual(en.map(([k]) => k).sort(), [...zh.keys()].sort());
  for (const [k, v] of en) {
    assert.equal(typeof zh.get(k), typeof v, k);
    if (typeof v === 'function') assert.equal(zh.get(k).length, v.length, `${k}: same arguments`);
  }
});

/** The English words a zh page must not show: each en string (or a function's result) unlike its zh twin. */
function englishOnly() {
  const zh = new Map(leaves(STRINGS.zh));
  const out = new Set();
  for (const [k, v] of leaves(STRINGS.en)) {
    if (k === 'error') continue; // the core's messages, checked below
    const [a, b] = typeof v === 'function' ? [v(3, 4), zh.get(k)(3, 4)] : [v, zh.get(k)];
    if (typeof a === 'string' && a !== b && /[A-Za-z]{2}/.test(a)) out.add(a);
  }
  return [...out];
}

/** Every text and accessible name in the element, after opening its menu and dialogs. */
const renderedText = (page) => page.evaluate(() => {
  const root = document.querySelector('backprop-playground').shadowRoot;
  const texts = [];
  const walk = (node) => {
    for (const el of node.querySelectorAll('*')) {
      for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) texts.push(el.getAttribute(a));
      for (const c of el.childNodes) if (c.nodeType === 3 && c.textContent.trim()) texts.push(c.textContent.trim());
      if (el.localName === 'option') texts.push(el.textContent);
    }
  };
  walk(root);
  return texts;
});

test('an English page never fetches the Chinese words; switching to Chinese fetches them once', async () => {
  const { page, context, problems } = await openPage();
  try {
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.reload();
    await page.evaluate(() => document.querySelector('backprop-playground').ready);
    assert.ok(!fetched.some((p) => p.endsWith('/strings-zh.js')), 'not for English');
    await control(page, '[data-view="lang"] button[data-value="zh"]').click();
    await page.evaluate(() => document.querySelector('backprop-playground').drawn);
    assert.equal(await control(page, 'button[data-action="forward"] .ptitle').textContent(), STRINGS.zh.forward);
    await control(page, '[data-view="lang"] button[data-value="en"]').click();
    await control(page, '[data-view="lang"] button[data-value="zh"]').click();
    assert.equal(fetched.filter((p) => p.endsWith('/strings-zh.js')).length, 1, 'once');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

pageTest('switched to Chinese, the element shows no English words from the strings table', async ({ page }) => {
  await control(page, '[data-view="lang"] button[data-value="zh"]').click();
  await page.evaluate(() => document.querySelector('backprop-playground').drawn); // its words come first
  const seen = [];
  const collect = async () => seen.push(...(await renderedText(page)));
  // Everything: after each phase, with the menu open, the help and embed dialogs, the quiz, an error.
  for (const action of ['forward', 'backward', 'step']) {
    await control(page, `button[data-action="${action}"]`).click();
    await collect();
  }
  await control(page, '[data-menu="export"] summary').click();
  await collect();
  await control(page, '[data-action="embed"]').click();
  await collect();
  await page.keyboard.press('Escape');
  await control(page, '[data-action="help"]').click();
  await collect();
  await page.keyboard.press('Escape');
  await page.evaluate(() => document.querySelector('backprop-playground').quiz('z2.1'));
  await control(page, '.quiz-input').fill('abc');
  await control(page, '[data-action="quiz-check"]').click();
  await collect();
  await control(page, '.quiz-input').fill('1');
  await control(page, '[data-action="quiz-check"]').click();
  await collect();
  await control(page, 'input[data-field="learning_rate"]').fill('-1');
  await control(page, 'input[data-field="learning_rate"]').press('Enter');
  await collect();
  // Code shown for copying (the embed code) is not UI text; short words must match a whole text, longer ones anywhere.
  const all = seen.join('\n');
  const whole = new Set(seen.map((x) => x.trim()));
  const leaked = englishOnly().filter((en) => (en.length < 12 ? whole.has(en) : all.includes(en)));
  assert.deepEqual(leaked, [], 'English strings in the zh page');
  assert.ok(/正向传播/.test(all) && /演示模式/.test(all) && /键盘快捷键/.test(all));
});

test('the language comes from the attribute, then the URL, then the browser', async () => {
  const { page, context, problems } = await openPage({ path: 'index.html?lang=zh' });
  try {
    assert.equal(await page.evaluate(() => document.querySelector('backprop-playground').view.lang), 'zh');
    const langs = await page.evaluate(async () => {
      const make = async (attrs) => {
        const el = document.createElement('backprop-playground');
        for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
        document.body.append(el);
        await el.ready;
        const lang = el.view.lang;
        el.remove();
        return lang;
      };
      const attr = await make({ lang: 'en' }); // the attribute beats ?lang=zh
      history.replaceState(null, '', location.pathname); // no lang in the URL: the browser decides
      Object.defineProperty(navigator, 'language', { get: () => 'zh-CN', configurable: true });
      const browser = await make({});
      Object.defineProperty(navigator, 'language', { get: () => 'en-GB', configurable: true });
      const english = await make({});
      history.replaceState(null, '', `${location.pathname}#lang=zh`);
      const hash = await make({});
      return { attr, browser, english, hash };
    });
    assert.deepEqual(langs, { attr: 'en', browser: 'zh', english: 'en', hash: 'zh' });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// ---- The core's messages in Chinese ----------------------------------------

const FIELDS = ['version', 'layers', 'activations', 'activation', 'loss', 'learning_rate', 'train_biases', 'weights', 'biases',
  'samples', 'batch_size', 'shuffle', 'dropout', 'regularization', 'regularization_rate', 'features', 'seed', 'step', 'seen',
  'input', 'target'];
const ALLOWED = new Set([...FIELDS, 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'linear', 'squared_error', 'cross_entropy',
  'JSON', 'true', 'false', 'null', 'text', 'markdown', 'latex', 'json', 'label', 'flags', 'xor', 'circle', 'gaussians',
  'spiral', 'sine', 'plane', 'gaussian_mix', 'and', 'or', 'none', 'l1', 'l2', 'x1', 'x2', 'x1_squared', 'x2_squared', 'x1_x2',
  'sin_x1', 'sin_x2', 'AgIC', 'inf', 'NaN', 'HTTP']);

/** The English left in a translated message, once the field, quoted values and known names are taken out. */
function untranslated(err, shown) {
  const field = err.field ?? '';
  assert.ok(shown.startsWith(field), `“${shown}” keeps the field “${field}”`);
  const rest = shown.slice(field.length)
    .replace(/'[^']*'/g, '')
    .replace(/\b[wbzad]\d+(\.\d+)*\b/g, '')
    .replace(/x1,x2,label/g, '')
    .replace(/\d(\.\d+)?e[-+]?\d+/g, '')
    .replace(/\b(bytes|KB|MB)\b/g, '');
  return (rest.match(/[A-Za-z_]{2,}/g) ?? []).filter((w) => !ALLOWED.has(w));
}

const BAD_STATES = [
  'this is not JSON', '[1]', '{}',
  '{"layers":[2,2],"colour":1}', '{"layers":[2]}', '{"layers":[2,"a"]}', '{"layers":[2,0]}', '{"layers":[2,1.5]}',
  '{"layers":[2,2],"activation":"tanh","activations":["tanh"]}', '{"layers":[2,2],"activations":["sigmoid","tanh"]}',
  '{"layers":[2,2],"activation":"swish"}', '{"layers":[2,2],"activation":5}', '{"layers":[2,2],"loss":"mse"}',
  '{"layers":[2,2],"activation":"tanh","loss":"cross_entropy"}', '{"layers":[2,2],"learning_rate":-1}',
  '{"layers":[2,2],"learning_rate":"fast"}', '{"layers":[2,2],"train_biases":1}', '{"layers":[2,2],"weights":5}',
  '{"layers":[2,2],"weights":[[[1,2]]]}', '{"layers":[2,2],"weights":[]}', '{"layers":[2,2],"biases":[]}',
  '{"layers":[2,2],"samples":[]}', '{"layers":[2,2],"samples":[5]}',
  '{"layers":[2,2],"samples":[{"input":[1,2],"target":[1,2],"x":1}]}', '{"layers":[2,2],"samples":[{"input":[1,2]}]}',
  '{"layers":[2,2],"samples":[{"input":[1,"a"],"target":[1,2]}]}', '{"layers":[2,2],"samples":[{"input":[1,2],"target":[1,null]}]}',
  '{"layers":[2,1],"loss":"cross_entropy","samples":[{"input":[1,2],"target":[2]}]}',
  '{"layers":[2,2],"batch_size":5}', '{"layers":[2,2],"dropout":0.99}', '{"layers":[2,2],"version":9}',
  '{"layers":[2,2],"seed":-1}', '{"layers":[2,2],"shuffle":"yes"}',
  '{"layers":[2,2,2,2,2,2,2,2,2]}', '{"layers":[2,2],"regularization":"l3"}', '{"layers":[2,2],"regularization_rate":-1}',
  '{"layers":[2,2],"features":["x1","x1"]}', '{"layers":[2,2],"features":["cos_x1"]}',
  '{"layers":[2,2],"weights":[[[1e300,0],[0,0]]]}', '{"layers":[2,2],"samples":[{"input":[1,-2e6],"target":[0,0]}]}',
];

test('every refused state file is shown in Chinese, field names kept', async () => {
  const { page, context, problems } = await openPage({ path: 'index.html?lang=zh' });
  try {
    for (const text of BAD_STATES) {
      const err = await coreRefuses(page, text);
      assert.ok(err, `the core refuses ${text}`);
      assert.ok(err.code in ZH_ERRORS, `${err.code} has a Chinese text`);
      const want = errorText('zh', err);
      await control(page, 'input[data-file="state"]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      const notice = control(page, '.banner-detail');
      // not_json's line and column are the browser's; the rest is the core's.
      await page.waitForFunction((n) => document.querySelector('backprop-playground').shadowRoot.querySelector('.banner-detail')?.textContent.startsWith(n),
        err.code === 'not_json' ? 'state:不是有效的 JSON' : want);
      const shown = await notice.textContent();
      if (err.code !== 'not_json') assert.equal(shown, want);
      assert.notEqual(shown, err.message, `translated: ${err.message}`);
      assert.deepEqual(untranslated(err, shown), [], `${err.message} → ${shown}`);
      assert.equal(await control(page, '.banner-title').textContent(), STRINGS.zh.badFile);
      await control(page, '.banner-close').click();
    }
    // Bad values typed into the page: a setting, a diagram value, a divergence.
    const fieldError = async (field, value) => {
      await control(page, `input[data-field="${field}"]`).fill(value);
      await control(page, `input[data-field="${field}"]`).press('Enter');
      return control(page, `[data-err="${field}"]`).textContent();
    };
    for (const [field, value] of [['learning_rate', '0'], ['learning_rate', 'fast'], ['batch_size', '9']]) {
      const shown = await fieldError(field, value);
      assert.match(shown, new RegExp(`^${field}:`));
      assert.deepEqual(untranslated({ field }, shown), [], shown);
    }
    await control(page, 'svg [data-name="w2.1.1"]').click(); // selects it
    await control(page, 'svg [data-name="w2.1.1"]').click(); // edits it
    await control(page, '.editor-input').fill('abc');
    await control(page, '.editor-input').press('Enter');
    const edit = await control(page, '.editor-error').textContent();
    assert.equal(edit, 'w2.1.1:应为有限的数,实际是 NaN');
    await control(page, '.editor-input').press('Escape');
    await page.evaluate(() => (document.querySelector('backprop-playground').state = { layers: [1, 1], activation: 'linear', learning_rate: 100, samples: [{ input: [1000], target: [1] }] }));
    await control(page, 'button[data-action="train100"]').click();
    const diverged = await control(page, '[data-err="learning_rate"]').textContent();
    assert.match(diverged, /^learning_rate:训练在第 \d+ 步发散/);
    assert.deepEqual(untranslated({ field: 'learning_rate' }, diverged), [], diverged);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a number JSON.parse reads as Infinity is refused, not dropped for the default', async () => {
  const { page, context } = await openPage();
  try {
    const err = await coreRefuses(page, '{"layers":[2,2],"learning_rate":1e999}');
    assert.ok(err, 'the core refuses learning_rate 1e999 (read by JSON.parse as Infinity)');
    assert.equal(err.field, 'learning_rate');
  } finally {
    await context.close();
  }
});

test('a state refused in a Chinese element shows its Chinese text: {layers: [2, "x", 1]}', async () => {
  const { page, context, problems } = await openPage({ path: 'index.html?lang=zh' });
  try {
    const got = await page.evaluate(async () => {
      const el = document.querySelector('backprop-playground');
      let thrown = null;
      try {
        el.state = { layers: [2, 'x', 1] };
      } catch (err) {
        thrown = { code: err.code, field: err.field, params: err.params, message: err.message };
      }
      // The same state as an attribute of a Chinese element: shown in its banner.
      const other = document.createElement('backprop-playground');
      other.setAttribute('lang', 'zh');
      other.setAttribute('state', '{"layers": [2, "x", 1]}');
      document.body.append(other);
      await other.ready;
      const detail = other.shadowRoot.querySelector('.banner-detail').textContent;
      other.remove();
      return { thrown, detail };
    });
    assert.equal(got.thrown.code, 'wrong_kind');
    assert.equal(got.thrown.field, 'layers[1]');
    assert.equal(got.thrown.message, 'layers[1]: expected a number, got a string');
    assert.equal(errorText('zh', got.thrown), 'layers[1]:应为数字,实际是字符串');
    assert.equal(errorText('en', got.thrown), got.thrown.message, 'English is the core’s message');
    assert.equal(got.detail, 'layers[1]:应为数字,实际是字符串');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

pageTest('every error code the core has is worded in Chinese, and no other', async ({ page }) => {
  const { codes, errors } = await page.evaluate(async () => {
    const m = await import(new URL('./pkg/backprop_playground.js', document.baseURI).href);
    await m.default();
    const pg = new m.Playground(m.preset('seed'));
    const link = pg.link();
    const calls = [
      () => m.preset('nope'), () => m.dataset('nope', 10, 0, 1), () => m.dataset('xor', 0, 0, 1), () => m.dataset('xor', 10, 9, 1),
      () => m.parseCsv('1,2\n'), () => m.parseCsv(''), () => m.parseCsv('1,a,2'), () => m.splitSamples([1], 1.5, 1),
      () => m.splitSamples('x', 0.5, 1), () => m.stateFromLink('x'), () => m.stateFromLink('2.AAAA'),
      () => m.stateFromLink(link.slice(0, 12)), () => m.stateFromLink(`${link}AAAA`), () => m.stateFromLink('1.!!'),
      () => pg.explainAs('w2.1.1', 0, 'pdf', 4), () => pg.explainAs('w9.9.9', 0, 'text', 4), () => pg.explainAs('w2.1.1', 9, 'text', 4),
      () => pg.setSetting('colour', 1), () => pg.setSetting('learning_rate', 'x'), () => pg.setSetting('learning_rate', -1),
      () => pg.setSetting('dropout', 1), () => pg.setInput(9, 0, 1),
      () => pg.setInput(0, 9, 1), () => pg.setTarget(0, 0, NaN), () => pg.step(-1), () => pg.step(2e6), () => pg.step(0.5),
      () => pg.heatmap(0, 0, 1, 0, 1), () => pg.setSamples({}), () => pg.setSamples([{ input: [1], target: [1] }]),
      () => pg.setSamples('nope'), () => pg.setState({ layers: [2, 2], activation: 'tanh', activations: ['tanh'] }),
      () => { pg.setTestSamples([{ input: [1, 2], target: [1, 2] }]); pg.setState({ layers: [3, 1] }); return pg.testLoss(); },
      () => pg.heatmap(4, 0, 1, 0, 1), () => pg.setFeatures(['x1', 'x1']), () => pg.setFeatures([]),
    ];
    const out = [];
    for (const call of calls) {
      try {
        call();
        out.push(null);
      } catch (err) {
        out.push({ message: err.message, code: err.code, field: err.field, params: err.params });
      }
    }
    pg.free();
    return { codes: m.vocabulary().errors, errors: out };
  });
  // The Chinese table names exactly the core's codes: none missing, none stale.
  assert.deepEqual(Object.keys(ZH_ERRORS).sort(), [...codes].sort());
  // The page's own codes are its own, worded in both languages.
  for (const code of Object.keys(PAGE_ERRORS.en)) assert.ok(!codes.includes(code), `${code} is the page's, not the core's`);
  assert.deepEqual(Object.keys(PAGE_ERRORS.zh).sort(), Object.keys(PAGE_ERRORS.en).sort());
  errors.forEach((err, i) => assert.ok(err, `call ${i} was refused`));
  for (const err of errors) {
    assert.ok(codes.includes(err.code), `${err.message}: code ${err.code} is one of vocabulary().errors`);
    assert.equal(typeof err.field, 'string');
    assert.equal(typeof err.params, 'object');
    assert.equal(errorText('en', err), err.message, 'English is the core’s message');
    const zh = errorText('zh', err);
    assert.notEqual(zh, err.message, `Chinese for: ${err.message}`);
    assert.deepEqual(untranslated(err, zh), [], `${err.message} → ${zh}`);
  }
  // Every code's Chinese text, with made-up params, names no English word.
  const params = { detail: 'x', line: 1, column: 2, expected: 2, got: 3, item: 'number', min: 0, max: 1, allowed: ['a'], known: ['layers'],
    index: 1, activation: 'tanh', name: 'w9.1.1', count: 2, part: 'input', inputs: 2, targets: 1, net_inputs: 2, net_outputs: 1,
    has: 3, step: 4, why: 'loss_not_finite', limit: 1e6 };
  for (const code of codes) {
    const zh = errorText('zh', { code, field: 'f', params, message: code });
    assert.deepEqual(untranslated({ field: 'f' }, zh), [], `${code} → ${zh}`);
  }
});

pageTest('the index page around the element follows its language', async ({ page }) => {
  const header = () => page.evaluate(() => [document.title, document.querySelector('h1').textContent,
    document.querySelector('header p').textContent, document.querySelector('footer').textContent.trim()]);
  const joined = (parts) => parts.join('');
  const [title, h1, intro, footer] = await header();
  assert.equal(title, STRINGS.en.pageTitle);
  assert.equal(h1, STRINGS.en.pageTitle);
  assert.equal(intro, joined(STRINGS.en.pageIntro));
  assert.ok(footer.includes(joined(STRINGS.en.pageKeys)), footer);
  await control(page, '[data-view="lang"] button[data-value="zh"]').click();
  await page.waitForFunction((title) => document.title === title, STRINGS.zh.pageTitle); // its words are fetched first
  const zh = await header();
  assert.deepEqual(zh, [STRINGS.zh.pageTitle, STRINGS.zh.pageTitle, joined(STRINGS.zh.pageIntro),
    `${STRINGS.zh.pageEmbed} · ${joined(STRINGS.zh.pageKeys)}`]);
  // The intro keeps the three phase names in bold.
  const bold = await page.evaluate(() => [...document.querySelectorAll('header p b')].map((b) => b.textContent));
  assert.deepEqual(bold, [STRINGS.zh.pageIntro[1], STRINGS.zh.pageIntro[3], STRINGS.zh.pageIntro[5]]);
});

/**
 * Every visible control's visible label and accessible name: a button's text
 * (less what is aria-hidden), a field's caption; the name is aria-label, else
 * that text or the wrapping label's.
 */
const labelsAndNames = (page) => page.evaluate(() => {
  const root = document.querySelector('backprop-playground').shadowRoot;
  const text = (el, skip) => {
    let s = '';
    const walk = (n) => {
      for (const c of n.childNodes) {
        if (c === skip) continue;
        if (c.nodeType === Node.TEXT_NODE) s += c.textContent;
        else if (c.nodeType === Node.ELEMENT_NODE && c.getAttribute('aria-hidden') !== 'true' && !c.matches('input, select, textarea') && getComputedStyle(c).display !== 'none') walk(c);
      }
    };
    walk(el);
    return s.replace(/\s+/g, ' ').trim();
  };
  const out = [];
  for (const el of root.querySelectorAll('button, summary, input, select, textarea, [role="tab"]')) {
    if (!el.getClientRects().length || el.type === 'hidden') continue;
    let visible;
    let own;
    if (el.matches('button, summary, [role="tab"]')) visible = own = text(el);
    else {
      const lab = el.closest('label');
      const caption = (lab ?? el.closest('.field'))?.querySelector('.flabel');
      visible = caption ? text(caption) : lab ? text(lab, el) : '';
      own = lab ? text(lab, el) : '';
    }
    const name = el.getAttribute('aria-label') ?? (own || el.getAttribute('title') || '');
    out.push({ what: el.outerHTML.slice(0, 80), visible, name });
  }
  return out;
});

pageTest('every control’s accessible name contains its visible label, in English and Chinese (WCAG 2.5.3)', async ({ page }) => {
  for (const lang of ['en', 'zh']) {
    await control(page, `[data-view="lang"] button[data-value="${lang}"]`).click();
    await page.evaluate(() => document.querySelector('backprop-playground').drawn); // the words, fetched the first time
    // Open what hides controls: the walk, the quiz and the share menu.
    await page.evaluate(() => document.querySelector('backprop-playground').nextPhase());
    await page.evaluate(() => document.querySelector('backprop-playground').quiz('z2.1'));
    await control(page, 'details[data-menu="export"] summary').click();
    const controls = await labelsAndNames(page);
    assert.ok(controls.filter((c) => c.visible).length > 40, `${lang}: ${controls.length} controls`);
    for (const c of controls) {
      if (!c.visible) continue; // no visible label (a select showing its value): nothing to contain
      assert.ok(c.name.toLowerCase().includes(c.visible.toLowerCase()), `${lang}: “${c.name}” lacks “${c.visible}” (${c.what})`);
    }
    await control(page, 'details[data-menu="export"] summary').click();
    await control(page, '[data-action="quiz-close"]').click();
  }
});
