// Where everything in the diagram goes: pure geometry, no DOM.
//
// Layers are columns. A neuron is a card with one row per value (b, z, a, δ,
// ∂L/∂b; an input neuron has x and a); in a big layer the card shrinks to a
// one-row chip and the rest moves to a tooltip.
//
// The labels of the weights into a layer sit in one column, a fraction f of
// the way back from that layer. There the wire of w_jk passes at
// y = (1−f)·y_j + f·y_k: with f = 1/(n+1) (n neurons feeding in) the labels
// are evenly spaced, each next to the neuron it feeds and in the order of
// the weight matrix, row by row — z_j = Σ_k w_jk a_k reads off the page.
// A gap whose labels would not fit shows only the values of w, and when
// even those would not fit, shows them on hover.

export const ROW = 18; // one text row in a card
const PAD = 9;
const CHAR = 7.2; // width of a digit at the value font size, with some slack
const NAME_W = 56; // widest row name: ∂L/∂b with its indices
const LABEL_H = { full: 38, value: 20 }; // an edge label: w and ∂L/∂w on two rows, or w's value
const CHIP_H = 26;
const MAX_H = 720; // tallest the columns may grow before labels collapse
const TOP = 60; // room for the layer headings

/** Width of a value at `digits` significant digits, the widest being −0.000dddd or −d.ddd×10⁻⁵. */
export const valueWidth = (digits) => Math.ceil((digits + 6) * CHAR);

/** How far back from the target layer a gap's labels sit, and the pitch labels `h` high need. */
function labelColumn(nIn, nOut, h) {
  const f = nOut === 1 ? 0.5 : 1 / (nIn + 1);
  return { f, need: (h + 6) / Math.min(f, nOut === 1 ? 1 : 1 - f * nIn) };
}

/** A neuron's picture of the input plane, at the left of its card or chip: its side. */
const THUMB = { full: 44, mini: 20 };

/**
 * Lays out a network of `layers` (neurons per layer, inputs first) for values
 * shown to `digits` significant digits; with `thumbs`, each neuron's card
 * makes room at its left for its picture (`thumb`, the side, 0 without).
 */
export function layout(layers, digits, thumbs = false) {
  const L = layers.length;
  const maxN = Math.max(...layers);
  const vw = valueWidth(digits);
  const card = { w: PAD + NAME_W + vw + PAD, h: 5 * ROW + 2 * PAD - 2 };
  const full = maxN * (card.h + 16) <= MAX_H;
  const thumb = thumbs ? THUMB[full ? 'full' : 'mini'] : 0;
  const room = thumb ? thumb + 6 : 0; // the picture and a gap
  card.w += room;
  const inputCard = full ? { w: PAD + 34 + vw + PAD + room, h: 2 * ROW + 2 * PAD - 2 } : null;
  const mini = { w: PAD + 34 + vw + PAD + room, h: CHIP_H };
  const labelW = { full: PAD + NAME_W + vw, value: vw + 12 };

  // Each gap gets the richest labels that fit; the pitch grows to what they need.
  let pitch = full ? card.h + 16 : CHIP_H + 8;
  const gaps = [];
  for (let g = 0; g < L - 1; g++) {
    let gap = { f: 0.5, width: full ? 140 : 100, labels: 'none' };
    for (const mode of ['full', 'value']) {
      const { f, need } = labelColumn(layers[g], layers[g + 1], LABEL_H[mode]);
      const half = labelW[mode] / 2 + 14;
      const width = Math.max(mode === 'full' ? 150 : 120, half / (1 - f), half / f);
      if (width <= 360 && maxN * need <= MAX_H) {
        gap = { f, width, labels: mode };
        pitch = Math.max(pitch, need);
        break;
      }
    }
    gaps.push(gap);
  }
  // A small network may breathe.
  if (full) pitch = Math.max(pitch, Math.min(170, MAX_H / maxN));

  const chip = { w: PAD + 26 + vw + PAD, h: CHIP_H };
  const midY = TOP + (maxN * pitch) / 2;
  const colY = (n, j) => midY + (j - (n - 1) / 2) * pitch;

  let x = 16;
  const columns = [];
  for (let l = 0; l < L; l++) {
    const size = l === 0 && full ? inputCard : full ? card : mini;
    const cx = x + size.w / 2;
    const nodes = [];
    for (let j = 0; j < layers[l]; j++) nodes.push({ x: cx, y: colY(layers[l], j), ...size });
    columns.push({ x: cx, w: size.w, nodes });
    x += size.w + (l < L - 1 ? gaps[l].width : 36);
  }

  // Targets at the right end, the loss box under them.
  const last = columns[L - 1].nodes;
  const targets = last.map((n) => ({ x: x + chip.w / 2, y: n.y, ...chip }));
  x += chip.w;
  const lossW = Math.max(chip.w, 112 + vw, 200);
  const bottom = last.at(-1).y + Math.max(last.at(-1).h, chip.h) / 2;
  const loss = { x: x - lossW, y: bottom + 22, w: lossW, h: 3 * ROW + 16 };
  x += 16;

  // Edge l (0-based) joins column l to l+1; its labels sit at fraction f from the target.
  const edges = gaps.map((gap, l) => {
    const from = columns[l];
    const to = columns[l + 1];
    const x1 = from.x + from.w / 2;
    const x2 = to.x - to.w / 2;
    const rows = to.nodes.map((t) => from.nodes.map((s) => ({
      x1, y1: s.y, x2, y2: t.y,
      label: { x: x2 - gap.f * (x2 - x1), y: t.y + gap.f * (s.y - t.y), w: labelW[gap.labels] ?? 0, h: LABEL_H[gap.labels] ?? 0 },
    })));
    return { rows, labels: gap.labels };
  });

  const columnsBottom = midY + (maxN * pitch) / 2;
  return {
    width: Math.ceil(x),
    height: Math.ceil(Math.max(columnsBottom, loss.y + loss.h) + 20),
    top: TOP,
    full,
    thumb,
    columns,
    targets,
    loss,
    edges,
  };
}
