// A source audit of www/: no way for text from a state, a link, an
// attribute or a file to become markup or code, and a strict CSP on every
// page. Reads files only; no browser.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));

/** Every file under www/ ending in one of `exts`. */
function files(exts, dir = WWW) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return files(exts, path);
    return exts.some((x) => e.name.endsWith(x)) ? [path] : [];
  });
}

/** The code without its comments, so that a comment may name what it avoids. */
function code(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\/\/.*$/, '').replace(/\s\/\/\s.*$/, ''))
    .join('\n');
}

// Each of these turns a string into markup or code.
const SINKS = [
  ['innerHTML', /\binnerHTML\b/],
  ['outerHTML', /\bouterHTML\b/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['document.write', /\bdocument\s*\.\s*write(ln)?\b/],
  ['eval', /(^|[^.\w$])eval\s*\(/],
  ['new Function', /\bnew\s+Function\b/],
  ['Function()', /(^|[^.\w$])Function\s*\(/],
  ['setTimeout/setInterval with a string', /\bset(Timeout|Interval)\s*\(\s*['"`]/],
  ['createContextualFragment', /\bcreateContextualFragment\b/],
  ['DOMParser', /\bDOMParser\b/],
  ['srcdoc', /\bsrcdoc\b/],
  ['a javascript: URL', /javascript:/i],
];

test('no www/ script turns text into markup or code', () => {
  const scripts = files(['.js', '.mjs']);
  assert.ok(scripts.length >= 10, 'found the page’s modules');
  const found = [];
  for (const path of scripts) {
    const lines = code(readFileSync(path, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      for (const [name, re] of SINKS) {
        if (re.test(line)) found.push(`${relative(WWW, path)}:${i + 1}: ${name}: ${line.trim()}`);
      }
    });
  }
  assert.deepEqual(found, []);
});

test('the audit itself catches each sink', () => {
  const bad = [
    'el.innerHTML = s;', 'el.insertAdjacentHTML("beforeend", s);', 'document.write(s);', 'eval(s);',
    'const f = new Function(s);', 'setTimeout("go()", 1);', 'setInterval(`x`, 5);', 'a.outerHTML = s',
  ];
  for (const line of bad) assert.ok(SINKS.some(([, re]) => re.test(code(line))), line);
  assert.ok(!SINKS.some(([, re]) => re.test(code('// no innerHTML here\nsetTimeout(() => f(), 1); x.evaluate(y);'))));
});

test('every page has a strict Content-Security-Policy and no inline script or handler', () => {
  const pages = files(['.html']);
  assert.ok(pages.length >= 1);
  for (const path of pages) {
    const html = readFileSync(path, 'utf8');
    const name = relative(WWW, path);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp, `${name}: a CSP meta tag`);
    const rules = Object.fromEntries(csp.split(';').map((r) => r.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(rules['default-src'], ["'self'"], `${name}: default-src`);
    assert.deepEqual(rules['script-src'], ["'self'", "'wasm-unsafe-eval'"], `${name}: script-src allows only own files and wasm`);
    assert.deepEqual(rules['object-src'], ["'none'"], `${name}: object-src`);
    assert.deepEqual(rules['base-uri'], ["'none'"], `${name}: base-uri`);
    for (const [key, values] of Object.entries(rules)) {
      assert.ok(!values.includes("'unsafe-eval'") && !values.includes('*'), `${name}: ${key} is not opened up`);
    }
    for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      assert.match(attrs, /\bsrc=/, `${name}: scripts are files`);
      assert.equal(body.trim(), '', `${name}: no inline script`);
    }
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${name}: no inline event handlers`);
  }
});
