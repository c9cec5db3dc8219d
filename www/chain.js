// The chain-rule panel: ∂L/∂θ for the selected weight or bias, written as a
// sum over every path from the loss down to θ, each path a product of
// factors with its live value (all from the core's `explain`). Hovering or
// focusing a factor marks the neuron or wire it comes from.

import { h, setText } from './dom.js';
import { fmt, label, parse } from './format.js';
import { tex } from './tex.js';

/** More paths than this are summarised; the sum is still the core's. The core lists no more (`explain`'s `paths`). */
export const MAX_PATHS = 24;
// Factors typeset at most, across the paths listed: a deep network's paths are long, and a
// reader follows a few of them, not two dozen of fifteen fractions each (each costs KaTeX a layout).
const MAX_FACTORS = 120;

const shapes = new WeakMap(); // root → what its drawing shows but the numbers (renderChain)

/**
 * Fills `root` with the explanation `e` of parameter `e.param`. `host`
 * gives `t`, `notation`, `layers`, `digits`, `focusRef(ref)` and `edit(name)`.
 */
export function renderChain(root, e, host) {
  const { t } = host;
  if (!e) {
    shapes.delete(root);
    root.replaceChildren(h('p', { class: 'note' }, t.chainNone));
    return;
  }
  const name = (n) => label(n, host.notation, host.layers).text;
  const sig = (v) => fmt(v, host.digits);
  const value = (role, v, extra = {}) => h('b', { class: 'num', 'data-role': role, 'data-value': String(v), ...extra }, sig(v));
  const factor = (f) => h('span', {
    class: 'factor', tabindex: 0, 'data-ref': f.ref, title: `${f.text} = ${f.value}`,
    onpointerenter: () => host.focusRef(f.ref), onpointerleave: () => host.focusRef(null),
    onfocus: () => host.focusRef(f.ref), onblur: () => host.focusRef(null),
  }, tex(f.latex), h('span', { class: 'fval' }, sig(f.value)));
  const length = e.paths[0]?.factors.length ?? 1;
  const listed = Math.max(4, Math.min(MAX_PATHS, Math.floor(MAX_FACTORS / length)));
  // The same parameter, paths and words as the last drawing (a step has
  // changed only numbers): write the numbers into it, rather than typeset
  // its formulas again (on 8 × 16, some 120 fractions and 9,000 elements).
  const shape = JSON.stringify([e.param, e.latex, e.sample, e.paths.length, e.paths_total, e.omitted_sum !== 0, e.per_sample.length,
    Boolean(e.penalty_gradient), e.delta.ref, e.input?.ref, e.paths.slice(0, listed).map((p) => p.factors.map((f) => [f.ref, f.latex, f.text])),
    host.notation, host.digits]);
  const last = shapes.get(root);
  if (last?.shape === shape && last.t === t) {
    renumber(root, e, sig);
    return;
  }
  shapes.set(root, { shape, t });
  const paths = e.paths.slice(0, listed).map((p, i) => h('div', { class: 'path', 'data-path': i },
    h('span', { class: 'pnum' }, e.paths.length > 1 ? `${i + 1}.` : ''),
    ...p.factors.flatMap((f, k) => (k ? [h('span', { class: 'times' }, '×'), factor(f)] : [factor(f)])),
    h('span', { class: 'eq' }, '='), h('b', { class: 'num', 'data-role': 'product', 'data-value': String(p.product) }, sig(p.product))));
  const many = e.paths.length > 1;
  root.replaceChildren(...[
    h('div', { class: 'chain-head' },
      tex(e.latex),
      h('span', { class: 'note' }, t.chainFor(name(e.param), e.sample + 1)),
      h('button', { class: 'btn quiet small', 'data-chain': 'edit', onclick: () => host.edit(e.param) }, t.chainEdit(name(e.param)))),
    h('p', { class: 'note' }, many ? t.chainPaths(e.paths_total) : t.chainOnePath),
    h('div', { class: 'paths' }, ...paths),
    e.paths.length > listed || e.omitted_sum ? h('p', { class: 'note' }, t.chainOmitted(e.paths_total - Math.min(listed, e.paths.length))) : null,
    h('dl', { class: 'chain-sums' },
      many ? h('div', {}, h('dt', {}, t.chainSum), h('dd', {}, value('sum', e.sum))) : h('div', {}, h('dt', {}, t.chainSampleValue), h('dd', {}, value('sum', e.sum))),
      h('div', {}, h('dt', {}, t.chainDelta(name(e.delta.ref))), h('dd', {}, value('delta', e.delta.value))),
      e.input ? h('div', {}, h('dt', {}, t.chainInput(e.input.ref === '1' ? '1' : name(e.input.ref))), h('dd', {}, value('input', e.input.value))) : null,
      ...(e.penalty_gradient
        // With regularization a step follows ∂J/∂w = ∂L/∂w + λ·∂P/∂w: the data's gradient, the penalty's, their sum.
        ? [h('div', {}, h('dt', {}, t.chainDataGradient(e.per_sample.length)), h('dd', {}, value('gradient', e.gradient))),
          h('div', {}, h('dt', {}, t.chainPenalty), h('dd', {}, value('penalty-gradient', e.penalty_gradient))),
          h('div', { class: 'strong' }, h('dt', {}, t.chainObjective), h('dd', {}, value('objective-gradient', e.objective_gradient)))]
        : [h('div', { class: 'strong' }, h('dt', {}, t.chainGradient(e.per_sample.length)), h('dd', {}, value('gradient', e.gradient)))]),
      h('div', {}, h('dt', {}, t.chainFd), h('dd', {}, value('finite-difference', e.finite_difference)))),
    h('p', { class: 'note' }, e.param.startsWith('w') ? t.chainBp4 : t.chainBp3),
  ].filter(Boolean));
}

/**
 * Writes explanation `e`'s numbers into the drawing `renderChain` made of
 * an explanation of the same shape: each factor's value and title, each
 * path's product, and the sums.
 */
function renumber(root, e, sig) {
  const put = (el, v) => {
    el.dataset.value = String(v);
    setText(el, sig(v));
  };
  for (const path of root.querySelectorAll('.path')) {
    const p = e.paths[Number(path.dataset.path)];
    path.querySelectorAll('.factor').forEach((el, k) => {
      const f = p.factors[k];
      el.title = `${f.text} = ${f.value}`;
      setText(el.querySelector('.fval'), sig(f.value));
    });
    put(path.querySelector('[data-role="product"]'), p.product);
  }
  const sums = {
    sum: e.sum, delta: e.delta.value, input: e.input?.value, gradient: e.gradient,
    'penalty-gradient': e.penalty_gradient, 'objective-gradient': e.objective_gradient, 'finite-difference': e.finite_difference,
  };
  for (const el of root.querySelectorAll('.chain-sums [data-role]')) put(el, sums[el.dataset.role]);
}

/** The diagram elements a ref names: a neuron for z, a, δ and b; a wire for w; the loss box. */
export function refTargets(diagram, ref) {
  if (!ref) return [];
  if (ref.startsWith('loss')) return [diagram.svg.querySelector('.lossbox')].filter(Boolean);
  const p = parse(ref);
  if (!p || p.role === 'gw' || p.role === 'gb') return [];
  if (p.role === 'weight') return [diagram.edges.get(ref), diagram.labels.get(ref)].filter(Boolean);
  if (p.role === 'target') return [diagram.cells.get(`${p.kind}1.${p.j}`)?.parentNode].filter(Boolean);
  return [diagram.nodes.get(p.role === 'input' ? `1.${p.j}` : `${p.l}.${p.j}`)].filter(Boolean);
}
