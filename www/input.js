// What the user hands the page — state text, a file, a fetched `src`, CSV —
// checked against the core's byte limits (`vocabulary().limits`) before it
// is read, parsed or shown, so an oversized input costs a message, not a
// frozen tab. A refusal is the core's own `too_large` Error, naming the
// limit and the size found.

import { codedError, parseJson, vocabulary } from './core.js';
import { bytes } from './strings.js';

/** Throws the core's `too_large` Error unless `size` bytes fit the limit `name` (`max_state_bytes`, `max_csv_bytes`). */
export function fits(size, name, field) {
  const limit = vocabulary().limits[name];
  if (size > limit) throw codedError('too_large', field, { limit, got: size }, `${bytes(size)} is over the ${bytes(limit)} limit`);
}

/** The UTF-8 length of `text`, the core's measure: 1 to 3 bytes a UTF-16 unit, 4 a surrogate pair. */
function utf8Bytes(text) {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c < 0xe000) ? 1 : 2;
  }
  return n;
}

/** Throws unless `text` fits the limit `name`; short text is let through uncounted. */
export function fitsText(text, name, field) {
  if (text.length * 3 > vocabulary().limits[name]) fits(utf8Bytes(text), name, field);
}

// The longest JSON a number can have: a sign, "0.00000" and 17 digits.
const LONGEST_NUMBER = 25;

/**
 * The length of `value`'s JSON text, counted only until it passes `limit`:
 * a container's brackets, commas and keys are counted before its contents
 * are looked at, so an array of a hundred million values costs one step.
 * With `bound`, each number counts as the longest a number can be: more than
 * the length, found without writing a number out.
 */
function jsonLength(value, limit, bound = false) {
  let n = 0;
  const todo = [value];
  while (todo.length && n <= limit) {
    const v = todo.pop();
    if (typeof v === 'number') n += bound ? LONGEST_NUMBER : Number.isFinite(v) ? String(v).length : 4;
    else if (typeof v === 'string') n += v.length + 2;
    else if (Array.isArray(v)) {
      n += v.length + 1;
      if (n <= limit) for (const x of v) todo.push(x);
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      n += keys.length + 1;
      for (const k of keys) n += k.length + 3;
      if (n <= limit) for (const k of keys) todo.push(v[k]);
    } else n += 5; // true, false, null
  }
  return n;
}

/** Throws the core's `too_large` Error if the JSON text of object `value` would be over the limit `name`. */
export function fitsObject(value, name, field) {
  const limit = vocabulary().limits[name];
  // A state far under the limit, as nearly all are, is let through on the bound: 10,000 samples' numbers need not be written out.
  if (jsonLength(value, limit, true) <= limit) return;
  fits(jsonLength(value, limit), name, field);
}

/** State JSON text as an object: refused by its size before `JSON.parse` sees it. */
export function parseState(text, field = 'state') {
  fitsText(text, 'max_state_bytes', field);
  return parseJson(text, field);
}

/** A file's text, refused by its size before a byte of it is read. */
export function readFile(file, name, field) {
  fits(file.size, name, field);
  return file.text();
}

/**
 * A fetched body as text: refused by its Content-Length before reading, and
 * while it streams once past the limit (then the size found is what had
 * arrived by then).
 */
export async function readResponse(res, name, field) {
  const length = Number(res.headers.get('Content-Length'));
  if (length) fits(length, name, field);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let got = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    got += value.length;
    try {
      fits(got, name, field);
    } catch (err) {
      reader.cancel();
      throw err;
    }
    text += decoder.decode(value, { stream: true });
  }
}
