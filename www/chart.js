// Small SVG line charts: the loss as training goes (its record is
// series.js's LossHistory), and the loss along the gradient line for the
// learning-rate concept. Values come from the core; only the drawing is
// computed here.

import { s, setAttr, setText } from './dom.js';

const WIDE = 560;
const TALL = 180;
const PAD = { l: 46, r: 12, t: 12, b: 26 };

/** Tick labels: short numbers; a whole number, such as the first step, as it is. */
const tick = (v) => (Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toPrecision(2));

/**
 * Draws `series` ([{ points: [[x, y]], cls }]) into `svg` with axes
 * labelled `xLabel` (`empty` when there is nothing yet), the y axis from 0
 * unless `fromZero` is false; `marks` are [{ x, y, text }] points to circle.
 * `W` and `H` are the chart's own units: the size it is mostly drawn at,
 * so that its text reads at the size CSS gives it.
 */
export function drawChart(svg, series, { xLabel, empty = '', marks = [], fromZero = true, W = WIDE, H = TALL }) {
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  const all = series.flatMap((se) => se.points);
  if (!all.length) {
    svg.replaceChildren(s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'chart-empty' }, empty));
    return;
  }
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]).filter(Number.isFinite);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1e-9)];
  const [y0, y1] = [Math.min(...(fromZero ? [0] : []), ...ys), Math.max(...ys, 1e-9)];
  const X = (x) => PAD.l + ((x - x0) / (x1 - x0 || 1)) * (W - PAD.l - PAD.r);
  const Y = (y) => H - PAD.b - ((y - y0) / (y1 - y0 || 1)) * (H - PAD.t - PAD.b);
  const kids = [
    ['line', { class: 'axis', x1: PAD.l, y1: H - PAD.b, x2: W - PAD.r, y2: H - PAD.b }],
    ['line', { class: 'axis', x1: PAD.l, y1: PAD.t, x2: PAD.l, y2: H - PAD.b }],
    ['text', { class: 'tick', x: PAD.l - 6, y: Y(y1) + 4, 'text-anchor': 'end' }, tick(y1)],
    ['text', { class: 'tick', x: PAD.l - 6, y: Y(y0) + 4, 'text-anchor': 'end' }, tick(y0)],
    ['text', { class: 'tick', x: PAD.l, y: H - 8 }, tick(x0)],
    ['text', { class: 'tick', x: W - PAD.r, y: H - 8, 'text-anchor': 'end' }, tick(x1)],
    ['text', { class: 'tick', x: (W + PAD.l) / 2, y: H - 8, 'text-anchor': 'middle' }, xLabel],
  ];
  for (const se of series) {
    const pts = se.points.filter((p) => Number.isFinite(p[1])).map((p) => `${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join(' ');
    kids.push(['polyline', { class: `series ${se.cls}`, points: pts, 'data-last': se.points.length ? String(se.points.at(-1)[1]) : null }]);
  }
  for (const m of marks) {
    kids.push(['line', { class: 'mark-line', x1: X(m.x), y1: PAD.t, x2: X(m.x), y2: H - PAD.b }]);
    kids.push(['circle', { class: 'mark', cx: X(m.x), cy: Y(m.y), r: 5 }]);
    kids.push(['text', { class: 'mark-text', x: Math.min(X(m.x) + 8, W - 150), y: Math.max(Y(m.y) - 8, PAD.t + 10) }, m.text]);
  }
  show(svg, kids);
}

/**
 * Puts `kids` ([tag, attributes, text]) into `svg`: in place when it holds
 * the same elements already (while training only the lines and the ticks
 * move), so the browser lays out and paints what changed and nothing more.
 */
function show(svg, kids) {
  const now = svg.children;
  if (now.length === kids.length && kids.every(([tag], i) => now[i].localName === tag)) {
    kids.forEach(([, attrs, text], i) => {
      for (const [name, value] of Object.entries(attrs)) setAttr(now[i], name, value);
      if (text !== undefined) setText(now[i], String(text));
    });
  } else svg.replaceChildren(...kids.map(([tag, attrs, text]) => s(tag, attrs, text)));
}
