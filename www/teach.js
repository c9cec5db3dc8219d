// Step by step: one training step walked through phase by phase (forward
// per layer, loss, backward per layer, update), as the core lists them in
// `phases()`. Each phase has a plain-words narration and its formulas with
// the core's numbers; the diagram shows how far the step has got, with
// pulses along the wires while motion is allowed.
//
// The element lends a small `host`: its core, diagram and strings, and
// show/step/undo, which change what the element displays like its buttons.

import { h } from './dom.js';
import { fmt, label, parse } from './format.js';
import { Motion, reducedMotion, wireOf } from './motion.js';
import { tex } from './tex.js';

const MAX_FORMULAS = 40; // a big layer's update lists hundreds; the diagram has them all
const SPEEDS = [0.5, 1, 2];

const parsed = new WeakMap(); // a value's cell → its parsed name: a big network has some 10,000

/** `parse(name)` of the value cell `el` shows, parsed once. */
function parsedOf(el, name) {
  let q = parsed.get(el);
  if (q === undefined) parsed.set(el, (q = parse(name)));
  return q;
}

/** Whether a value (`el` its cell) is still to come at phase `p` of the walk (it stays in the DOM, faded out). */
function pending(name, el, p) {
  if (!p) return false;
  const q = parsedOf(el, name);
  if (!q) return false;
  if (p.kind === 'forward') return q.kind === 'loss' || ((q.kind === 'z' || q.kind === 'a') && q.l > p.layer);
  if (p.kind === 'backward') return (q.kind === 'd' || q.kind === 'gb' || q.kind === 'gw') && q.l < p.layer;
  return false;
}

export class Walk {
  #list = null; // the core's phases for this step, or null when idle
  #i = -1;
  #stepped = false; // the update phase has been taken in the core
  #masked = true; // some value may be faded out (or lit) by a phase; false once all are shown
  #spent = null; // [[g-name, ∂L/∂θ]] the last update used, shown until the next backward phase
  #own = 0; // >0 while the walk itself changes the element

  constructor(host) {
    this.host = host;
    this.motion = new Motion(host.diagram);
    this.animate = true;
    const t = host.t;
    this.title = h('b', { class: 'walk-title' });
    this.count = h('span', { class: 'walk-count' });
    this.say = h('p', { class: 'walk-say', 'aria-live': 'polite' });
    this.formulas = h('div', { class: 'walk-formulas' });
    this.prevBtn = h('button', { class: 'btn quiet', 'data-walk': 'previous', onclick: () => this.previous() }, `◀ ${t.walkPrev}`);
    this.nextBtn = h('button', { class: 'btn walk-next', 'data-walk': 'next', onclick: () => this.next() }, `${t.walkNext} ▶`);
    const speed = h('select', { class: 'walk-speed', 'data-walk': 'speed', 'aria-label': t.walkSpeed, title: t.walkSpeed,
      onchange: (e) => (this.motion.speed = Number(e.target.value)) },
    ...SPEEDS.map((v) => h('option', { value: v, selected: v === 1 }, t.walkSpeeds[v])));
    const animate = h('label', { class: 'walk-animate', title: t.walkAnimateTip },
      h('input', { type: 'checkbox', 'data-walk': 'animate', checked: true, onchange: (e) => { this.animate = e.target.checked; if (!this.animate) this.motion.stop(); } }),
      h('span', {}, t.walkAnimate));
    this.el = h('section', { class: 'walk', 'aria-label': t.walkLabel },
      h('div', { class: 'walk-bar' },
        h('div', { class: 'walk-nav' }, this.prevBtn, this.nextBtn),
        h('div', { class: 'walk-head' }, this.count, this.title),
        h('div', { class: 'walk-opts' }, speed, animate)),
      this.say, this.formulas);
    this.#draw();
  }

  /** 'idle', or the kind of the current phase. */
  get phase() {
    return this.#list ? this.#list[this.#i].kind : 'idle';
  }

  /** The current phase object, or null. */
  get current() {
    return this.#list?.[this.#i] ?? null;
  }

  /** Moves one phase on; after the update a new step begins. Returns the phase name. */
  next() {
    const h0 = this.host;
    if (!this.#list || (this.#i === this.#list.length - 1)) {
      this.#list = h0.core.phases(h0.view.sample, h0.view.digits, h0.view.notation);
      this.#i = 0;
      this.#stepped = false;
    } else this.#i++;
    this.#enter(true);
    this.host.keepInView?.([this.el, this.say, this.formulas]);
    return this.phase;
  }

  /** Moves one phase back (taking back the update if it was taken). Returns the phase name. */
  previous() {
    if (!this.#list) return this.phase;
    if (this.#i === 0) {
      this.end();
      this.#quiet(() => this.host.show('none'));
      return this.phase;
    }
    if (this.#stepped) {
      this.#quiet(() => this.host.undo());
      this.#stepped = false;
    }
    this.#i--;
    this.#enter(false);
    this.host.keepInView?.([this.el, this.say, this.formulas]);
    return this.phase;
  }

  /** Leaves the walk: every value shows as the element has it. */
  end() {
    this.motion.stop();
    this.#spent = null;
    this.#list = null;
    this.#i = -1;
    this.#stepped = false;
    this.#mask(null);
    this.#draw();
  }

  /**
   * The element changed (`reason` as in its change event). A change of view
   * keeps the walk; anything else ends it, and the three buttons animate
   * (unless `animate` is false: a step taken from code).
   */
  changed(reason, animate = true) {
    if (this.#own) return;
    if (reason === 'view' && this.#list) {
      this.motion.stop();
      this.#list = this.host.core.phases(this.host.view.sample, this.host.view.digits, this.host.view.notation);
      this.#mask(this.current);
      this.#draw();
      return;
    }
    if (reason === 'view') return; // a view setting leaves a running animation to finish
    if (this.#list) this.end();
    else {
      this.motion.stop();
      this.#mask(null); // an animation cut short leaves no value faded out
    }
    if (!animate || !this.animate || this.host.playing()) return;
    if (reason === 'forward') this.#play(this.#forwardAll());
    else if (reason === 'backward') this.#play(this.#backwardAll());
    else if (reason === 'step') this.#play((m) => this.#tween(m));
  }

  /** The diagram was drawn again: keep the walk's marks, and the gradients the last update used. */
  redrawn() {
    if (this.#list) this.#mask(this.current);
    this.#holdGradients();
  }

  /**
   * The ∂L/∂θ the core's step used stay beside each weight and bias: in the
   * update, and faded through the next forward pass until backward has new ones.
   */
  #holdGradients() {
    const p = this.current;
    if (!p || !this.#spent || p.kind === 'backward') return;
    this.host.diagram.hold(this.#spent, { spent: p.kind !== 'update' });
  }

  #quiet(fn) {
    this.#own++;
    try {
      fn();
    } finally {
      this.#own--;
    }
  }

  /** Shows the current phase; `animated` plays its motion, else it just appears. */
  #enter(animated) {
    const p = this.current;
    this.motion.stop();
    if (p.kind === 'update') {
      this.#spent = p.formulas.map((f) => [`g${f.ref}`, f.update.gradient]);
      if (!this.#stepped) {
        this.#quiet(() => this.host.step());
        this.#stepped = true;
      }
      this.#mask(null);
      this.#holdGradients();
      if (animated && this.animate) this.#play((m) => this.#tween(m));
    } else {
      this.#quiet(() => this.host.show(p.kind === 'backward' ? 'backward' : 'forward'));
      if (p.kind === 'backward') this.#spent = null;
      this.#reveal(p);
      if (animated && this.animate) this.#play((m) => this.#phaseMotion(m, p, this.#before(p)));
      else this.#mask(p);
    }
    this.#draw();
  }

  /** The walk position just before `p`, for what is hidden while `p` plays. */
  #before(p) {
    if (p.kind === 'forward') return { kind: 'forward', layer: p.layer - 1 };
    if (p.kind === 'loss') return { kind: 'forward', layer: this.host.state().layers.length };
    return { kind: 'backward', layer: p.layer + 1 };
  }

  #play(body) {
    this.motion.play(body);
  }

  /** The motion of one phase: pulses, then its values appear and its neurons light up. */
  async #phaseMotion(m, p, from) {
    const d = this.host.diagram;
    this.#mask(from);
    const L = this.host.state().layers.length;
    let lines = [];
    let back = false;
    if (p.kind === 'forward') lines = this.#wiresInto(p.layer);
    else if (p.kind === 'loss') lines = this.#compareWires();
    else if (p.layer === L) (lines = this.#compareWires()), (back = true);
    else (lines = this.#wiresInto(p.layer + 1)), (back = true);
    await this.motion.pulses(lines, m.ms(650), back);
    if (!m.alive()) return;
    const show = [...d.cells.entries()].filter(([n, el]) => pending(n, el, from) && !pending(n, el, p) && el.classList.contains('pending')).map(([, el]) => el);
    this.#mask(p);
    this.#light(p);
    await this.motion.fadeIn(show, m.ms(300));
  }

  #forwardAll() {
    const L = this.host.state().layers.length;
    return async (m) => {
      for (let l = 2; l <= L && m.alive(); l++) await this.#phaseMotion(m, { kind: 'forward', layer: l }, { kind: 'forward', layer: l - 1 });
      if (m.alive()) await this.#phaseMotion(m, { kind: 'loss' }, { kind: 'forward', layer: L });
      if (m.alive()) this.#light(null);
    };
  }

  #backwardAll() {
    const L = this.host.state().layers.length;
    return async (m) => {
      for (let l = L; l >= 2 && m.alive(); l--) await this.#phaseMotion(m, { kind: 'backward', layer: l }, { kind: 'backward', layer: l + 1 });
      if (m.alive()) this.#light(null);
    };
  }

  /** Every weight and bias counts from its value before the step to its value now. */
  async #tween(m) {
    const prev = this.host.prev();
    const state = this.host.state();
    if (!prev) return;
    const d = this.host.diagram;
    const cells = [];
    state.weights.forEach((W, i) => W.forEach((row, j) => row.forEach((w, k) => {
      const from = prev.weights[i][j][k];
      if (from !== w) cells.push({ el: d.cells.get(`w${i + 2}.${j + 1}.${k + 1}`), from, to: w });
    })));
    state.biases.forEach((B, i) => B.forEach((b, j) => {
      const from = prev.biases[i][j];
      if (from !== b) cells.push({ el: d.cells.get(`b${i + 2}.${j + 1}`), from, to: b });
    }));
    await this.motion.tween(cells.filter((c) => c.el), this.host.view.digits, m.ms(900));
  }

  #wiresInto(l) {
    const out = [];
    for (const [name, edge] of this.host.diagram.edges) if (parse(name).l === l && !edge.classList.contains('dropped')) out.push(wireOf(edge));
    return out;
  }

  #compareWires() {
    const at = (l, a) => Number(l.getAttribute(a));
    return [...this.host.diagram.svg.querySelectorAll('.io-wire.compare')].map((l) => [[at(l, 'x1'), at(l, 'y1')], [at(l, 'x2'), at(l, 'y2')]]);
  }

  /** Fades out the values phase `p` has not reached yet (null: none). */
  #mask(p) {
    if (!p && !this.#masked) return; // nothing faded out: no need to visit every value (each frame of Play comes here)
    this.#masked = Boolean(p);
    const d = this.host.diagram;
    // The values a big network does not draw (its tooltips read them) are left as they are.
    for (const [name, el] of d.cells) if (!d.unseen.has(name)) el.classList.toggle('pending', pending(name, el, p));
    this.#light(p);
  }

  /** When the diagram is wider than its box (a phone), scrolls it to what phase `p` works on. */
  #reveal(p) {
    const d = this.host.diagram;
    const els = p.kind === 'loss' ? [d.svg.querySelector('.lossbox')]
      : [...d.nodes].filter(([key]) => Number(key.split('.')[0]) === p.layer).map(([, node]) => node);
    d.reveal(els.filter(Boolean));
  }

  /** Lights the neurons the phase works on. */
  #light(p) {
    const d = this.host.diagram;
    for (const [key, node] of d.nodes) {
      const l = Number(key.split('.')[0]);
      node.classList.toggle('lit', Boolean(p && (p.kind === 'forward' || p.kind === 'backward') && p.layer === l));
      node.classList.toggle('lit-back', Boolean(p && p.kind === 'backward' && p.layer === l));
    }
    d.svg.querySelector('.lossbox')?.classList.toggle('lit', p?.kind === 'loss');
  }

  /** The bar: which phase, what happens in it, and its formulas. */
  #draw() {
    const t = this.host.t;
    const p = this.current;
    this.prevBtn.disabled = !p;
    this.nextBtn.textContent = `${p ? t.walkNext : t.walkStart} ▶`;
    this.el.dataset.phase = this.phase;
    this.host.walking?.(p?.kind ?? null);
    if (!p) {
      this.count.textContent = '';
      this.title.textContent = t.walkTitle;
      this.say.textContent = t.walkIdle;
      this.formulas.replaceChildren();
      return;
    }
    const L = this.host.state().layers.length;
    this.count.textContent = t.walkCount(this.#i + 1, this.#list.length);
    this.title.textContent = t.phaseTitle[p.kind](p.layer);
    const say = p.kind === 'backward' ? (p.layer === L ? t.narrate.backwardOut(p.layer) : t.narrate.backwardHidden(p.layer)) : t.narrate[p.kind](p.layer, this.host.state().learning_rate);
    this.say.textContent = say;
    const shown = p.formulas.slice(0, MAX_FORMULAS);
    const focus = (f) => ({
      'data-ref': f.ref, 'data-value': String(f.value), 'data-text': f.text, tabindex: 0,
      onpointerenter: () => this.host.focusRef(f.ref), onpointerleave: () => this.host.focusRef(null),
      onfocus: () => this.host.focusRef(f.ref), onblur: () => this.host.focusRef(null),
    });
    const rows = p.kind === 'update' ? [this.#updateTable(shown, focus)]
      : shown.map((f) => h('div', { class: 'walk-formula', ...focus(f) }, tex(f.latex)));
    if (p.formulas.length > shown.length) rows.push(h('p', { class: 'note' }, t.walkMore(p.formulas.length - shown.length)));
    this.formulas.replaceChildren(...rows);
  }

  /** The update as a table: each parameter's θ before, its ∂L/∂θ, η and θ after, all the core's numbers. */
  #updateTable(formulas, focus) {
    const { t, view } = this.host;
    const layers = this.host.state().layers;
    const cell = (role, v) => h('td', { 'data-role': role, 'data-value': String(v) }, fmt(v, view.digits));
    // Under regularization a weight also moves by η·λ·∂P/∂θ: a column for the penalty's term.
    const penalty = formulas.some((f) => f.update.penalty);
    const heads = [t.updateParam, t.updateOld, t.updateGradient, ...(penalty ? [t.updatePenalty] : []), t.updateRate, t.updateNew];
    return h('div', { class: 'update' },
      tex(penalty
        ? '\\theta \\leftarrow \\theta - \\eta \\left(\\frac{\\partial L}{\\partial \\theta} + \\lambda \\frac{\\partial P}{\\partial \\theta}\\right)'
        : '\\theta \\leftarrow \\theta - \\eta \\frac{\\partial L}{\\partial \\theta}'),
      h('table', { class: 'update-table' },
        h('thead', {}, h('tr', {}, ...heads.map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, ...formulas.map((f) => h('tr', { class: 'walk-formula', ...focus(f) },
          h('th', { scope: 'row' }, label(f.ref, view.notation, layers).text),
          cell('old', f.update.old), cell('gradient', f.update.gradient),
          ...(penalty ? [cell('penalty', f.update.penalty)] : []),
          cell('rate', f.update.rate), cell('new', f.value))))));
  }
}

export { reducedMotion };
