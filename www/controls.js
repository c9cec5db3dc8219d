// The buttons and the settings panel. Controls only report what the user
// asked for, through `actions`; the element asks the core and then calls
// `update` with the new state. A setting the core refuses shows the core's
// message beside it and snaps back. The names and limits offered are the
// core's (`vocabulary()`).

import { vocabulary } from './core.js';
import { h, setAttr, setText } from './dom.js';
import { fmt } from './format.js';
import { scrollCue } from './scrollcue.js';

const MAX_ROWS = 50; // sample rows listed in the panel

/** Builds the toolbar, status line, legend and panel; `actions` receives every request. */
export function buildControls(t, actions) {
  const { activations: ACTIVATIONS, losses: LOSSES, presets: PRESETS, regularizations: REGULARIZATIONS, limits } = vocabulary();
  const err = {}; // control key → its message element
  const errorSlot = (key) => (err[key] = h('p', { class: 'err', role: 'alert', 'data-err': key, hidden: true }));

  // The three phases, numbered, with what each computes underneath.
  const phase = (action, n, title, sub) =>
    h('button', { class: 'phase', 'data-action': action, onclick: () => actions.run(action) },
      h('span', { class: 'num', 'aria-hidden': 'true' }, n),
      h('span', { class: 'ptext' }, h('span', { class: 'ptitle' }, title), h('span', { class: 'psub' }, sub)));
  const button = (action, text, cls = '') =>
    h('button', { class: `btn ${cls}`, 'data-action': action, onclick: () => actions.run(action) }, text);

  const stepper = h('div', { class: 'stepper', role: 'group', 'data-panel': 'steps' },
    phase('forward', '1', t.forward, t.forwardSub),
    h('span', { class: 'chev', 'aria-hidden': 'true' }),
    phase('backward', '2', t.backward, t.backwardSub),
    h('span', { class: 'chev', 'aria-hidden': 'true' }),
    phase('step', '3', t.step, t.stepSub));

  const playBtn = button('play', t.play, 'play');
  const speed = h('select', { class: 'speed', 'aria-label': t.speed, title: t.speed, onchange: (e) => actions.view('speed', Number(e.target.value)) },
    ...[1, 10, 100, 0].map((n) => h('option', { value: n }, n ? t.perFrame(n) : t.perFrameAuto)));
  const newWeightsBtn = button('reinitialize', t.newWeights, 'quiet');
  newWeightsBtn.title = t.newWeightsTip;
  const undoBtn = button('undo', t.undo, 'quiet');
  const redoBtn = button('redo', t.redo, 'quiet');
  const toolbar = h('div', { class: 'toolbar' },
    stepper,
    h('div', { class: 'group', 'data-panel': 'training' }, button('train10', t.train10), button('train100', t.train100), playBtn, speed),
    h('div', { class: 'group', 'data-panel': 'history' }, button('reset', t.reset, 'quiet'), newWeightsBtn, undoBtn, redoBtn));

  const hint = h('p', { class: 'hint', 'aria-live': 'polite' });
  const counters = {
    step: h('b', { class: 'count', 'data-count': 'step' }),
    epoch: h('b', { class: 'count', 'data-count': 'epoch' }),
    loss: h('b', { class: 'count', 'data-count': 'loss' }),
    before: h('span', { class: 'before' }),
  };
  const status = h('div', { class: 'status', 'data-panel': 'status' },
    hint,
    h('p', { class: 'counters' },
      h('span', {}, `${t.stepCount} `, counters.step),
      h('span', {}, `${t.epochCount} `, counters.epoch),
      h('span', {}, `${t.lossNow} `, counters.loss, counters.before)));

  const legend = h('div', { class: 'legend', 'data-panel': 'legend' },
    h('span', { class: 'key pos' }, h('i', { 'aria-hidden': 'true' }), t.legendPos),
    h('span', { class: 'key neg' }, h('i', { 'aria-hidden': 'true' }), t.legendNeg),
    h('span', { class: 'key width' }, t.legendWidth),
    h('span', { class: 'key dropped', hidden: true }, h('i', { 'aria-hidden': 'true' }), t.legendDropped),
    h('span', { class: 'how' }, t.legendEdit),
    h('span', { class: 'how mean', hidden: true }));

  // Panel: examples.
  const presets = h('section', { 'data-panel': 'example' },
    h('h3', {}, t.secExample),
    h('div', { class: 'seg presets' }, ...PRESETS.map((p) => h('button', { 'data-preset': p, onclick: () => actions.preset(p) }, t.presets[p] ?? p))),
    h('p', { class: 'note' }, t.presetHint));

  // Panel: the architecture, rebuilt whenever the shape or activations change.
  const arch = h('div', { class: 'arch' });
  const network = h('section', { 'data-panel': 'network' }, h('h3', {}, t.secNetwork), arch, errorSlot('shape'), h('p', { class: 'note' }, t.shapeHint));
  let archKey = '';
  const buildArch = (state) => {
    const { layers, activations } = state;
    const L = layers.length;
    const rows = layers.map((n, l0) => {
      const kind = l0 === 0 ? t.kindInput : l0 === L - 1 ? t.kindOutput : t.kindHidden;
      const act = l0 === 0 ? h('span', { class: 'act-none' }) :
        h('select', { 'data-field': `activation-${l0 + 1}`, 'aria-label': `${t.layerN(l0 + 1)} ${t.activation}`, onchange: (e) => actions.activation(l0 - 1, e.target.value) },
          ...ACTIVATIONS.map((a) => h('option', { value: a, selected: a === activations[l0 - 1] }, t.act[a] ?? a)));
      const hidden = l0 > 0 && l0 < L - 1;
      return h('div', { class: 'layer-row', 'data-layer': l0 + 1 },
        h('span', { class: 'lname' }, h('b', {}, t.layerN(l0 + 1)), h('span', { class: 'kind' }, kind)),
        h('span', { class: 'count-edit' },
          h('button', { class: 'icon-btn', 'data-layer-minus': l0 + 1, 'aria-label': `− ${t.layerN(l0 + 1)}: ${t.fewer}`, title: t.fewer, disabled: n <= 1, onclick: () => actions.resize(l0, n - 1) }, '−'),
          h('span', { class: 'n', title: t.neurons }, String(n)),
          h('button', { class: 'icon-btn', 'data-layer-plus': l0 + 1, 'aria-label': `+ ${t.layerN(l0 + 1)}: ${t.more}`, title: t.more, disabled: n >= limits.max_neurons, onclick: () => actions.resize(l0, n + 1) }, '+')),
        act,
        hidden ? h('button', { class: 'icon-btn remove', 'aria-label': `× ${t.layerN(l0 + 1)}: ${t.removeLayer}`, title: t.removeLayer, onclick: () => actions.removeLayer(l0) }, '×') : h('span'));
    });
    rows.splice(L - 1, 0, h('div', { class: 'add-row' },
      h('button', { class: 'btn quiet small', 'data-action': 'add-layer', disabled: L >= limits.max_layers, onclick: () => actions.addLayer() }, `+ ${t.addHidden}`)));
    arch.replaceChildren(...rows);
  };

  // Panel: training settings.
  const field = (key, labelText, control) =>
    h('div', { class: 'field' }, h('label', {}, h('span', { class: 'flabel' }, labelText), control), errorSlot(key));
  const commit = (key) => (e) => actions.setField(key, e.target.type === 'checkbox' ? e.target.checked : e.target.value);
  const lr = h('input', { type: 'text', inputmode: 'decimal', 'data-field': 'learning_rate', autocomplete: 'off', spellcheck: 'false', onchange: commit('learning_rate') });
  const loss = h('select', { 'data-field': 'loss', onchange: commit('loss') }, ...LOSSES.map((l) => h('option', { value: l }, t.losses[l] ?? l)));
  const biases = h('input', { type: 'checkbox', 'data-field': 'train_biases', onchange: commit('train_biases') });
  const batch = h('input', { type: 'text', inputmode: 'numeric', 'data-field': 'batch_size', autocomplete: 'off', spellcheck: 'false', onchange: commit('batch_size') });
  const dropoutValue = h('output', { class: 'range-value' });
  const dropout = h('input', { type: 'range', min: 0, max: limits.max_dropout, step: 0.05, 'data-field': 'dropout', onchange: (e) => actions.setField('dropout', Number(e.target.value)) });
  const reg = h('select', { 'data-field': 'regularization', onchange: commit('regularization') },
    ...REGULARIZATIONS.map((r) => h('option', { value: r }, t.regularizations[r] ?? r)));
  const regRate = h('input', { type: 'text', inputmode: 'decimal', 'data-field': 'regularization_rate', autocomplete: 'off', spellcheck: 'false', onchange: commit('regularization_rate') });
  const penalty = h('output', { class: 'penalty', 'data-readout': 'penalty' });
  const training = h('section', { 'data-panel': 'settings' },
    h('h3', {}, t.secTraining),
    field('learning_rate', t.learningRate, lr),
    field('loss', t.lossFn, loss),
    field('batch_size', t.batchSize, batch),
    field('dropout', t.dropout, h('span', { class: 'range' }, dropout, dropoutValue)),
    field('regularization', t.regularization, reg),
    field('regularization_rate', t.regularizationRate, regRate),
    h('p', { class: 'note' }, `${t.penaltyNow} `, penalty),
    h('div', { class: 'field check' }, h('label', {}, biases, h('span', {}, t.trainBiases)), errorSlot('train_biases')));

  // Panel: the samples, one row each; a row shows that sample in the diagram.
  const tbody = h('tbody');
  const samples = h('section', { class: 'samples-box', 'data-panel': 'samples' },
    h('h3', {}, t.secSamples),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'samples' },
        h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, t.colInput), h('th', {}, t.colTarget), h('th', {}, t.colOutput), h('th', {}, t.colLoss))),
        tbody)));
  scrollCue(samples.querySelector('.table-wrap'));

  // Panel: view options.
  const seg = (key, options) => h('div', { class: 'seg', role: 'group', 'data-view': key },
    ...options.map(([value, text]) => h('button', { 'data-value': value, onclick: () => actions.view(key, value) }, text)));
  const digits = h('select', { 'data-view': 'digits', onchange: (e) => actions.view('digits', Number(e.target.value)) },
    ...[2, 3, 4, 5, 6, 7, 8, 9].map((d) => h('option', { value: d }, String(d))));
  const view = h('section', { 'data-panel': 'view' },
    h('h3', {}, t.secView),
    h('div', { class: 'field' }, h('span', { class: 'flabel' }, t.notation), seg('notation', [['seed', t.notationSeed], ['compact', t.notationCompact]])),
    h('div', { class: 'field' }, h('label', {}, h('span', { class: 'flabel' }, t.digits), digits)),
    h('div', { class: 'field' }, h('span', { class: 'flabel' }, t.language), seg('lang', Object.entries(t.languages))));

  const panel = h('aside', { class: 'panel' }, presets, network, training, view);

  // The phase the step-by-step walk is at (null when it is not walking):
  // its Next leads, and the three buttons mark that phase as the current one.
  let walking = null;
  const CURRENT = { forward: 'forward', loss: 'forward', backward: 'backward', update: 'step' };
  let last = null;

  /** Brings every control in line with the model (see the element's #render). */
  function update(m) {
    last = m;
    const { state, trace, phase, view: v } = m;
    const next = phase === 'none' ? 'forward' : phase === 'forward' ? 'backward' : 'step';
    const walk = Boolean(walking) && !m.playing;
    const current = walk ? CURRENT[walking] : null;
    for (const b of stepper.querySelectorAll('.phase')) {
      b.classList.toggle('next', !m.playing && !walk && b.dataset.action === next);
      b.classList.toggle('done', !walk && (phase === 'backward' ? b.dataset.action !== 'step' : phase === 'forward' && b.dataset.action === 'forward'));
      b.classList.toggle('current', b.dataset.action === current);
      setAttr(b, 'aria-current', b.dataset.action === current ? 'step' : null);
    }
    setText(playBtn, m.playing ? t.pause : t.play);
    playBtn.classList.toggle('on', m.playing);
    setAttr(playBtn, 'aria-pressed', String(m.playing));
    speed.value = String(v.speed);
    undoBtn.disabled = !m.canUndo;
    redoBtn.disabled = !m.canRedo;

    setText(hint, m.playing ? t.hintPlaying : walk ? t.hintWalking : m.stepped ? t.hintStepped : { none: t.hintNone, forward: t.hintForward, backward: t.hintBackward }[phase]);
    setText(counters.step, String(trace.step));
    setText(counters.epoch, String(trace.epoch));
    setText(counters.loss, phase === 'none' ? '—' : fmt(trace.loss, v.digits));
    setAttr(counters.loss, 'data-value', phase === 'none' ? null : String(trace.loss));
    setText(counters.before, m.lossBefore === null ? '' : ` (${t.lossBefore} ${fmt(m.lossBefore, v.digits)})`);
    legend.querySelector('.dropped').hidden = !m.mask;
    const mean = legend.querySelector('.mean');
    mean.hidden = state.samples.length < 2;
    setText(mean, t.legendMean(state.samples.length));

    const key = JSON.stringify([state.layers, state.activations]);
    if (key !== archKey) {
      archKey = key;
      buildArch(state);
    }
    const focused = (el) => el.getRootNode().activeElement === el;
    if (!focused(lr) && !err.learning_rate.textContent) lr.value = String(state.learning_rate);
    if (!focused(batch) && !err.batch_size.textContent) batch.value = String(state.batch_size);
    loss.value = state.loss;
    biases.checked = state.train_biases;
    dropout.value = String(state.dropout);
    reg.value = state.regularization;
    if (!focused(regRate) && !err.regularization_rate.textContent) regRate.value = String(state.regularization_rate);
    regRate.disabled = state.regularization === 'none';
    // what the objective adds to the data loss, λ·P, as the core's trace has it
    const shown = m.phase !== 'none' && state.regularization !== 'none';
    setText(penalty, shown ? fmt(trace.penalty, v.digits) : '—');
    if (shown) penalty.dataset.value = String(trace.penalty);
    else delete penalty.dataset.value;
    setText(dropoutValue, state.dropout.toFixed(2));
    for (const [i, sel] of state.activations.entries()) {
      const el = arch.querySelector(`[data-field="activation-${i + 2}"]`);
      if (el) el.value = sel;
    }

    // Samples: the network's output and loss once Forward has run. The rows
    // are built when the samples change; a drawing (every frame of Play)
    // only writes the outputs, the losses and which row is shown.
    const rows = sampleRows(state.samples, v.digits);
    // On a large set only the sample shown is traced: say why the other rows have no output.
    const oneTraced = phase !== 'none' && trace.sample !== null && trace.sample !== undefined && state.samples.length > 1;
    setAttr(rows.oneTraced, 'hidden', oneTraced ? null : '');
    for (const [i, row] of rows.each.entries()) {
      const out = phase === 'none' ? null : trace.samples[i];
      row.tr.classList.toggle('current', i === m.sample);
      setAttr(row.show, 'aria-pressed', String(i === m.sample));
      setText(row.output, out ? out.layers.at(-1).a.map((x) => fmt(x, v.digits)).join(', ') : '—');
      setText(row.loss, out ? fmt(out.loss, v.digits) : '—');
    }

    for (const group of view.querySelectorAll('.seg')) {
      for (const b of group.children) setAttr(b, 'aria-pressed', String(b.dataset.value === String(v[group.dataset.view])));
    }
    digits.value = String(v.digits);
  }

  let rowsOf = null; // the samples and digits the table's rows were built for, and the rows
  /** The table's rows for these samples, built again only when they or `digits` change. */
  function sampleRows(samples, digits) {
    if (rowsOf?.samples === samples && rowsOf.digits === digits) return rowsOf;
    // Inputs and targets are data: as given when that is short (0.05), else rounded like the outputs.
    const datum = (x) => (String(x).length <= digits + 2 ? String(x).replace('-', '\u2212') : fmt(x, digits));
    const each = samples.slice(0, MAX_ROWS).map((smp, i) => {
      const show = h('button', { class: 'linkish', 'aria-label': t.showSample(i + 1), 'aria-pressed': 'false', onclick: () => actions.view('sample', i) }, String(i + 1));
      const [output, loss] = [h('td', {}, '—'), h('td', {}, '—')];
      const tr = h('tr', { 'data-sample': i + 1 }, h('td', {}, show), h('td', {}, smp.input.map(datum).join(', ')), h('td', {}, smp.target.map(datum).join(', ')), output, loss);
      return { tr, show, output, loss };
    });
    const oneTraced = h('tr', { hidden: true }, h('td', { colspan: 5, class: 'note', 'data-note': 'one-traced' }, t.oneTraced));
    const more = samples.length > MAX_ROWS ? [h('tr', {}, h('td', { colspan: 5, class: 'note' }, t.moreSamples(samples.length - MAX_ROWS)))] : [];
    tbody.replaceChildren(oneTraced, ...each.map((row) => row.tr), ...more);
    rowsOf = { samples, digits, each, oneTraced };
    return rowsOf;
  }

  /** Shows the core's error beside a control, in the page's language, or clears it (null). */
  function showError(key, error) {
    const slot = err[key];
    if (!slot) return;
    setText(slot, error ? t.error(error) : '');
    slot.hidden = !error;
  }

  function clearErrors() {
    for (const key of Object.keys(err)) showError(key, null);
  }

  /** The walk started, moved or ended: `kind` is its phase ('forward', 'loss', 'backward', 'update'), or null. */
  function setWalking(kind) {
    if (kind === walking) return;
    walking = kind;
    if (last) update(last);
  }

  return { toolbar, status, legend, samples, panel, update, setWalking, showError, clearErrors };
}
