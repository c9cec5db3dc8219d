// The concepts, each a short explanation with a button that points at the
// part of the playground showing it.

import { h } from './dom.js';

/** Each concept and the selectors (inside the shadow root) of what shows it. */
export const CONCEPTS = [
  ['neuron', ['#node-2-1']],
  ['weights', ['.elabel[data-edit="w2.1.1"]', '#edge-w2-1-1']],
  ['bias', ['#node-2-1 .r-b', '#node-3-1 .r-b']],
  ['activation', ['#node-2-1 .r-a', 'select[data-field="activation-2"]']],
  ['layers', ['.headers', '.arch']],
  ['forward', ['button[data-action="forward"]', '.walk-next']],
  ['cost', ['.lossbox', 'select[data-field="loss"]']],
  ['descent', ['button[data-action="step"]', '.loss-chart']],
  ['rate', ['input[data-field="learning_rate"]', '.slice-chart']],
  ['backprop', ['button[data-action="backward"]', '.walk']],
  ['batches', ['input[data-field="batch_size"]', '[data-count="epoch"]']],
  ['dropout', ['input[data-field="dropout"]']],
];

/** Builds the list; `show(id, selectors)` points at a concept's place; `extra(id)` adds a part (the rate's slice). */
export function buildConcepts(t, show, extra) {
  return h('div', { class: 'concepts' }, ...CONCEPTS.map(([id, targets]) => {
    const c = t.concepts[id];
    return h('article', { class: 'concept', 'data-concept': id },
      h('h4', {}, c.title),
      h('p', {}, c.text),
      h('button', { class: 'btn quiet small', 'data-show': id, onclick: () => show(id, targets) }, t.conceptShow),
      extra(id));
  }));
}
