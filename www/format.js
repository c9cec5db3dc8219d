// Number formatting and the names of values, in two notations.
//
// Core names (used in ids, data-name and calls into the core), layer 1 = inputs:
//   w3.1.2  weight into neuron 1 of layer 3 from neuron 2 of layer 2 (w³₁₂)
//   b2.1 z2.1 a2.1 d2.1   bias, pre-activation, activation, δ = ∂L/∂z
//   gw3.1.2 gb2.1         ∂L/∂w and ∂L/∂b of the mean loss
//   x1.2 y1.1             input 2 and target 1 of sample 1
//   loss  loss.1          mean loss over all samples, loss of sample 1
// The letters are the core's (`vocabulary().params`); g… and loss are the page's.

import { vocabulary } from './core.js';

const SUP = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
const SUB = {
  0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉',
  ',': '‚', h: 'ₕ', i: 'ᵢ', o: 'ₒ',
};
const MINUS = '\u2212';

const PLAIN_FROM = -4; // powers of ten written plainly: 10⁻⁴ (0.0004386) up to 10⁵
const PLAIN_TO = 5;

/**
 * A number to `digits` significant digits, as the core writes them:
 * 0.0004386, 12.35, and m×10ⁿ outside 10⁻⁴ to 10⁶ (never e-notation),
 * with a true minus sign.
 */
export function fmt(v, digits) {
  if (typeof v !== 'number') return '—';
  if (v === 0 || !Number.isFinite(v)) return String(v === 0 ? 0 : v);
  // The exponent after rounding: 9.99996 to 4 digits is 10.00.
  const [mantissa, e] = v.toExponential(digits - 1).split('e');
  const exp = Number(e);
  const s = exp >= PLAIN_FROM && exp <= PLAIN_TO
    ? v.toFixed(Math.max(0, digits - 1 - exp))
    : `${mantissa}×10${[...String(exp)].map((c) => SUP[c] ?? '⁻').join('')}`;
  return s.replaceAll('-', MINUS);
}

let grammar = null;

/** The name grammar, made from the core's letters on first use: the pattern, and each letter's role. */
function names() {
  if (grammar) return grammar;
  const p = vocabulary().params;
  const role = { [`g${p.weight}`]: 'gw', [`g${p.bias}`]: 'gb', loss: 'loss' };
  for (const key of ['weight', 'bias', 'z', 'a', 'delta', 'input', 'target']) role[p[key]] = key;
  // Longest first, so gw is not read as g and w.
  const kinds = Object.keys(role).sort((a, b) => b.length - a.length);
  grammar = { role, re: new RegExp(`^(${kinds.join('|')})((?:\\.?\\d+)*)$`) };
  return grammar;
}

/** Splits a core name into its parts: `w3.1.2` → { kind: 'w', role: 'weight', l: 3, j: 1, k: 2 }. */
export function parse(name) {
  const { re, role } = names();
  const m = re.exec(name);
  if (!m) return null;
  const n = m[2].split('.').filter(Boolean).map(Number);
  const kind = m[1];
  const r = role[kind];
  if (r === 'input' || r === 'target') return { kind, role: r, s: n[0], j: n[1] };
  if (r === 'loss') return { kind, role: r, s: n[0] };
  return { kind, role: r, l: n[0], j: n[1], k: n[2] };
}

/** A neuron's short name in compact notation: i1, h3, o2 (hidden neurons numbered across layers). */
export function neuronName(l, j, layers) {
  if (l === 1) return `i${j}`;
  if (l === layers.length) return `o${j}`;
  let before = 0;
  for (let i = 1; i < l - 1; i++) before += layers[i];
  return `h${before + j}`;
}

/** Position of w{l}.{j}.{k} in w1, w2, … (row by row, layer by layer), as in common worked examples. */
function weightNumber(l, j, k, layers) {
  let before = 0;
  for (let i = 1; i < l - 1; i++) before += layers[i] * layers[i - 1];
  return before + (j - 1) * layers[l - 2] + k;
}

/** Position of b{l}.{j} in b1, b2, … across all non-input neurons. */
function biasNumber(l, j, layers) {
  let before = 0;
  for (let i = 1; i < l - 1; i++) before += layers[i];
  return before + j;
}

const indices = (...n) => (n.some((i) => i > 9) ? n.join(',') : n.join(''));

// How each role is written; the rest are written with the core's letter.
const BASE = { gw: '∂L/∂w', gb: '∂L/∂b', delta: 'δ' };

/**
 * How to write a value's name: `{ base, sup, sub }` for SVG tspans and `text` in Unicode.
 * `notation` is 'seed' (w³₁₂, 1-based layers) or 'compact' (w1…w8, h1, o1).
 */
export function label(name, notation, layers) {
  const p = parse(name);
  const base = BASE[p.role] ?? p.kind;
  let sup = '';
  let sub = '';
  if (p.role === 'input' || p.role === 'target') sub = String(p.j);
  else if (notation === 'compact') {
    if (p.role === 'weight' || p.role === 'gw') sub = String(weightNumber(p.l, p.j, p.k, layers));
    else if (p.role === 'bias' || p.role === 'gb') sub = String(biasNumber(p.l, p.j, layers));
    else sub = neuronName(p.l, p.j, layers);
  } else {
    sup = String(p.l);
    sub = p.k === undefined ? String(p.j) : indices(p.j, p.k);
  }
  const text = base + [...sup].map((c) => SUP[c] ?? c).join('') + [...sub].map((c) => SUB[c] ?? c).join('');
  return { base, sup, sub, text };
}

/**
 * Reads a typed number. Accepts a decimal comma and a typographic minus. Returns the
 * number, or NaN when the text is not one, so the core can say what is wrong.
 */
export function parseNumber(text) {
  let t = String(text).trim().replace(/\u2212/g, '-');
  if (!t.includes('.') && /^[^,]*,[^,]*$/.test(t)) t = t.replace(',', '.');
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return NaN;
  return Number(t);
}
