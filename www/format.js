// Number formatting and the names of values, in two notations.
//
// Core names (used in ids, data-name and calls into the core), layer 1 = inputs:
//   w3.1.2  weight into neuron 1 of layer 3 from neuron 2 of layer 2 (w³₁₂)
//   b2.1 z2.1 a2.1 d2.1   bias, pre-activation, activation, δ = ∂L/∂z
//   gw3.1.2 gb2.1         ∂L/∂w and ∂L/∂b of the mean loss
//   x1.2 y1.1             input 2 and target 1 of sample 1
//   loss  loss.1          mean loss over all samples, loss of sample 1
// The letters are the core's (`vocabulary().params`); loss is the page's.
// What a person reads, w³₁₂ or w₆ (∂L/∂w₆ for gw), is the core's too
// (`label`), in the notation of the view: the names its formulas and
// exports write.

import { label as coreLabel, labels as coreLabels, vocabulary } from './core.js';

const SUP = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
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

/** A weight's or bias's value in `state` by its parsed name (`parse`), or undefined for any other name or one the network lacks. */
export function paramValue(state, p) {
  if (p?.role === 'weight') return state.weights[p.l - 2]?.[p.j - 1]?.[p.k - 1];
  if (p?.role === 'bias') return state.biases[p.l - 2]?.[p.j - 1];
  return undefined;
}

const labels = new Map(); // `${notation} ${layers}` → Map(name → label), for the networks drawn lately
const KEEP = 4; // notations × shapes kept: the help table shows both notations of one shape

/**
 * How to write a value's name, from the core: `{ base, sup, sub }` for SVG
 * tspans, `text` in Unicode and `latex`. `notation` is 'seed' (w³₁₂, 1-based
 * layers) or 'compact' (w1…w8, h1, o1). Remembered per notation and shape:
 * a diagram asks for the same names on every frame.
 */
export function label(name, notation, layers) {
  const names = labelsOf(notation, layers);
  let l = names.get(name);
  if (!l) names.set(name, (l = coreLabel(name, notation, layers)));
  return l;
}

/** The names remembered for a notation and a shape. */
function labelsOf(notation, layers) {
  const key = `${notation} ${layers.join('-')}`;
  let names = labels.get(key);
  if (!names) {
    if (labels.size >= KEEP) labels.delete(labels.keys().next().value);
    labels.set(key, (names = new Map()));
  }
  return names;
}

/** Asks the core, in one call, for each of `names` not remembered yet (a diagram's thousands). */
export function preloadLabels(names, notation, layers) {
  const known = labelsOf(notation, layers);
  const missing = names.filter((n) => !known.has(n));
  if (missing.length) coreLabels(missing, notation, layers).forEach((l, i) => known.set(missing[i], l));
}

/**
 * Every value a diagram of `layers` shows, by name: x, y, and each neuron's
 * and weight's; or only those of a kind and layer that `keep(kind, l)`
 * takes (`l` undefined for x and y, which belong to a sample).
 */
export function valueNames(layers, keep = null) {
  const names = [];
  const take = (kind, l) => keep === null || keep(kind, l);
  const [x, a1] = [take('x'), take('a', 1)];
  for (let k = 1; k <= layers[0]; k++) {
    if (x) names.push(`x1.${k}`);
    if (a1) names.push(`a1.${k}`);
  }
  for (let l = 2; l <= layers.length; l++) {
    const kinds = ['b', 'gb', 'z', 'a', 'd'].filter((kind) => take(kind, l));
    const [w, gw] = [take('w', l), take('gw', l)];
    for (let j = 1; j <= layers[l - 1]; j++) {
      for (const kind of kinds) names.push(`${kind}${l}.${j}`);
      for (let k = 1; k <= layers[l - 2]; k++) {
        if (w) names.push(`w${l}.${j}.${k}`);
        if (gw) names.push(`gw${l}.${j}.${k}`);
      }
    }
  }
  if (take('y')) for (let j = 1; j <= layers.at(-1); j++) names.push(`y1.${j}`);
  return names;
}

/**
 * A layer's heading, `t` the strings: "Layer 2" by the seed's numbers; in the
 * compact notation, which calls neurons i, h and o, Input, Hidden (Hidden 1,
 * Hidden 2 when there are several) and Output.
 */
export function layerTitle(t, l, layers, notation) {
  if (notation !== 'compact') return t.layerN(l);
  if (l === 1) return t.inputLayer;
  if (l === layers.length) return t.outputLayer;
  return layers.length > 3 ? `${t.hiddenLayer} ${l - 1}` : t.hiddenLayer;
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
