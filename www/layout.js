// Where everything in the diagram goes: pure geometry, no DOM.
//
// Layers are columns. A neuron is a card with one row per value (b, z, a, δ,
// ∂L/∂b; an input neuron has x and a); in a big layer the card shrinks to a
// one-row chip and the rest moves to a tooltip.
//
// Every wire ends in a short level run into its neuron, one run per input k,
// stacked in the order of the weight matrix's row: the label of w_jk sits on
// that run, so no other wire passes behind it and z_j = Σ_k w_jk a_k reads
// down the column beside neuron j. A gap whose labels would not fit shows
// only the values of w; when even those would not fit, its wires are plain
// lines whose colour and width carry the weight, its values one hover away.
// The drawing stays narrow enough to show its values at 11 px or more in
// the wide page (WIDE): a richer label that would widen it past that yields.

export const ROW = 18; // one text row in a card
const PAD = 9;
const CHAR = 7.2; // width of a digit at the value font size, with some slack
const NAME_W = 56; // widest row name: ∂L/∂b with its indices
const LABEL_H = { full: 38, named: 20, value: 20 }; // an edge label: w and ∂L/∂w on two rows, w's name and value, or its value
const CHIP_H = 26;
const MAX_H = 720; // tallest the columns may grow before labels collapse
const TOP = 60; // room for the layer headings
const HEAD_HALF = 82; // half the widest heading of the input column, from the drawing's left edge
/** The widest drawing whose 12 px values still show at 11 px in the wide page's box (about 1040 px at 1400). */
const WIDE = 1120;
const SLOPE = 20; // the least run of a wire's slanted part
const STUB = 12; // a wire's last bend, from its level run into the card
/** A gap's labels, richest first: w and ∂L/∂w with names, w with its name, w's value, none (plain wires). */
const LABELS = ['full', 'named', 'value', 'none'];

/** Width of a value at `digits` significant digits, the widest being −0.000dddd or −d.ddd×10⁻⁵. */
export const valueWidth = (digits) => Math.ceil((digits + 6) * CHAR);

/** A neuron's picture of the input plane, at the left of its card or chip: its side. */
const THUMB = { full: 44, mini: 20 };

/**
 * Lays out a network of `layers` (neurons per layer, inputs first) for values
 * shown to `digits` significant digits; with `thumbs`, each neuron's card
 * makes room at its left for its picture (`thumb`, the side, 0 without).
 */
export function layout(layers, digits, thumbs = false) {
  // The richest labels whose drawing fits WIDE; the plainest if none does.
  const tries = LABELS.flatMap((rich) => [[rich, true], [rich, false]]);
  // Each try is measured without its wires, which only the one chosen needs.
  const fits = tries.find((t) => arrange(layers, digits, thumbs, ...t, false).width <= WIDE) ?? tries.at(-1);
  return arrange(layers, digits, thumbs, ...fits);
}

/** The pitch a target column needs for level runs carrying labels `h` high, or Infinity when they cannot fit. */
function labelPitch(nIn, nOut, h, maxN) {
  const stack = nIn * (h + 4) + 8; // the level runs into one neuron
  if (nOut === 1) return stack <= MAX_H ? 0 : Infinity;
  return maxN * stack <= MAX_H ? stack : Infinity;
}

/**
 * The layout with labels at most as rich as `rich` (one of LABELS); unless
 * `named`, a chip shows only its value (its name is in the tooltip);
 * without `wires`, its size and places but no `edges`.
 */
function arrange(layers, digits, thumbs, rich, named, wires = true) {
  const L = layers.length;
  const maxN = Math.max(...layers);
  const vw = valueWidth(digits);
  const card = { w: PAD + NAME_W + vw + PAD, h: 5 * ROW + 2 * PAD - 2 };
  const full = maxN * (card.h + 16) <= MAX_H;
  const thumb = thumbs ? THUMB[full ? 'full' : 'mini'] : 0;
  const room = thumb ? thumb + 6 : 0; // the picture and a gap
  card.w += room;
  const inputCard = full ? { w: PAD + 34 + vw + PAD + room, h: 2 * ROW + 2 * PAD - 2 } : null;
  const mini = { w: PAD + (named ? 34 : 0) + vw + PAD + room, h: CHIP_H };
  const labelW = { full: PAD + NAME_W + vw + PAD, named: PAD + 30 + vw + PAD, value: vw + 12 };

  // Each gap gets the richest labels allowed that fit; the pitch grows to what they need.
  let pitch = full ? card.h + 16 : CHIP_H + 8;
  const modes = LABELS.slice(LABELS.indexOf(rich), -1);
  const gaps = [];
  for (let g = 0; g < L - 1; g++) {
    let gap = { width: 32, labels: 'none' };
    for (const mode of modes) {
      const need = labelPitch(layers[g], layers[g + 1], LABEL_H[mode], maxN);
      if (need === Infinity) continue;
      gap = { width: SLOPE + 6 + labelW[mode] + 4 + STUB, labels: mode };
      pitch = Math.max(pitch, need);
      break;
    }
    gaps.push(gap);
  }
  // A small network may breathe.
  if (full) pitch = Math.max(pitch, Math.min(126, MAX_H / maxN));

  const chip = { w: PAD + (named ? 26 : 0) + vw + PAD, h: CHIP_H };
  const midY = TOP + (maxN * pitch) / 2;
  const colY = (n, j) => midY + (j - (n - 1) / 2) * pitch;

  let x = 16;
  const columns = [];
  for (let l = 0; l < L; l++) {
    const size = l === 0 && full ? inputCard : full ? card : mini;
    // The input column's heading ("input · sample 12 of 300") is wider than a chip: room for it at the left.
    const cx = l === 0 ? Math.max(x + size.w / 2, HEAD_HALF) : x + size.w / 2;
    const nodes = [];
    for (let j = 0; j < layers[l]; j++) nodes.push({ x: cx, y: colY(layers[l], j), ...size });
    columns.push({ x: cx, w: size.w, nodes });
    x = cx + size.w / 2 + (l < L - 1 ? gaps[l].width : 28);
  }

  // Targets at the right end, the loss box under them.
  const last = columns[L - 1].nodes;
  const targets = last.map((n) => ({ x: x + chip.w / 2, y: n.y, ...chip }));
  x += chip.w;
  const lossW = Math.max(chip.w, 112 + vw, 200);
  const bottom = last.at(-1).y + Math.max(last.at(-1).h, chip.h) / 2;
  const loss = { x: x - lossW, y: bottom + 22, w: lossW, h: 3 * ROW + 16 };
  x += 16;

  // Edge l (0-based) joins column l to l+1. A labelled wire slants to its
  // level run, which carries its label, and bends into the card; a plain one is straight.
  const edges = !wires ? null : gaps.map((gap, l) => {
    const from = columns[l];
    const to = columns[l + 1];
    const x1 = from.x + from.w / 2;
    const x2 = to.x - to.w / 2;
    const n = from.nodes.length;
    const w = labelW[gap.labels] ?? 0;
    const h = LABEL_H[gap.labels] ?? 0;
    const runEnd = x2 - STUB;
    const runStart = runEnd - 4 - w - 6;
    const rows = to.nodes.map((t) => from.nodes.map((s, k) => {
      if (gap.labels === 'none') return { points: [[x1, s.y], [x2, t.y]], label: { x: (x1 + x2) / 2, y: (s.y + t.y) / 2, w, h } };
      const y = t.y + (k - (n - 1) / 2) * (h + 4);
      const into = t.y + Math.max(-(t.h / 2 - 4), Math.min(t.h / 2 - 4, y - t.y));
      return { points: [[x1, s.y], [runStart, y], [runEnd, y], [x2, into]], label: { x: runEnd - 4 - w / 2, y, w, h } };
    }));
    return { rows, labels: gap.labels };
  });

  const columnsBottom = midY + (maxN * pitch) / 2;
  return {
    width: Math.ceil(x),
    height: Math.ceil(Math.max(columnsBottom, loss.y + loss.h) + 20),
    top: TOP,
    full,
    named, // whether a chip shows its value's name, or only the value
    thumb,
    columns,
    targets,
    loss,
    edges,
  };
}
