// Tools for a class: presenter mode, keyboard shortcuts with a help
// overlay (and the notation table), a quiz that hides one value and checks
// the student's number against the core's, and a live region that reads
// out what each action did.

import { h } from './dom.js';
import { fmt, label, parse } from './format.js';

const ANNOUNCE_EVERY = 2000; // ms between announcements while playing
const TRIES = 2; // wrong answers before the quiz reveals the answer; a hint comes after the first

/** A modal panel over the element; Escape or Close shuts it and focus goes back. */
export function dialog(root, t, title, ...body) {
  const back = root.getRootNode().activeElement;
  const id = `dlg-${Math.random().toString(36).slice(2, 8)}`;
  const close = () => {
    box.remove();
    back?.focus?.({ preventScroll: true });
  };
  const closeBtn = h('button', { class: 'btn small', 'data-action': 'close-dialog', onclick: close }, t.close);
  const box = h('div', { class: 'overlay', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': id, tabindex: -1 },
    h('div', { class: 'sheet' },
      h('div', { class: 'sheet-head' }, h('h2', { id }, title), closeBtn),
      ...body));
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
    e.stopPropagation(); // shortcuts stay off while a dialog is open
  });
  box.addEventListener('click', (e) => e.target === box && close());
  root.querySelector('.overlay')?.remove();
  root.append(box);
  closeBtn.focus();
  return { box, close };
}

/** The help overlay: shortcuts, then the two notations side by side for this network. */
export function showHelp(root, t, layers) {
  const L = layers.length;
  const names = [`w2.1.1`, `w${L}.1.${layers[L - 2]}`, 'b2.1', `z${L}.1`, 'a2.1', `d${L}.1`, `gw${L}.1.1`];
  const meaning = (name) => t.meanings[/^gw/.test(name) ? 'gw' : name[0]];
  const keys = h('table', { class: 'keys' },
    h('tbody', {}, ...t.keys.map(([k, what]) => h('tr', {}, h('td', {}, h('kbd', {}, k)), h('td', {}, what)))));
  const notation = h('table', { class: 'notation' },
    h('thead', {}, h('tr', {}, h('th', {}, t.colSeed), h('th', {}, t.colCompact), h('th', {}, t.colMeaning))),
    h('tbody', {}, ...names.map((n) => h('tr', { 'data-name': n },
      h('td', {}, label(n, 'seed', layers).text),
      h('td', {}, label(n, 'compact', layers).text),
      h('td', {}, meaning(n))))));
  return dialog(root, t, t.helpTitle, keys, h('h3', {}, t.notationTitle), notation, h('p', { class: 'note' }, t.notationNote));
}

/** True when a key press belongs to a form field: its arrows and letters are its own. */
function typing(e) {
  const el = e.composedPath()[0];
  return Boolean(el?.closest?.('input, select, textarea, [contenteditable]'));
}

/** True when a key press types into a text field, where Space is a space. */
function typingText(e) {
  const el = e.composedPath()[0];
  if (el?.closest?.('textarea, [contenteditable]')) return true;
  return el?.matches?.('input') && !['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'file', 'color'].includes(el.type);
}

/**
 * Classroom behaviour for one element. `el` is the element (public API only);
 * `mount` is called each time its UI is (re)built.
 */
export class Classroom {
  #el;
  #ui = null;
  #presenter = false;
  #quiz = null; // { name, cell, bar, misses, rename } of the hidden value
  #lastSaid = 0;
  #pending = null;

  constructor(el) {
    this.#el = el;
    el.addEventListener('change', (e) => {
      if (e.detail.reason === 'view') this.#quiz?.rename();
      this.#announce(e.detail.reason);
    });
  }

  mount({ root, t, diagram, live }) {
    this.#ui = { root, t, diagram, live };
    this.#quiz = null;
    root.addEventListener('keydown', (e) => this.#key(e));
    // Space was Play's: a focused button or checkbox must not click on its release too.
    root.addEventListener('keyup', (e) => {
      if (e.key === ' ' && !typingText(e)) e.preventDefault();
    });
    this.presenter = this.#presenter;
  }

  get presenter() {
    return this.#presenter;
  }

  /**
   * Presenter mode: large type, high contrast, side panels hidden, the walk
   * and the chain rule beside the diagram; turned on, the element moves to
   * the window's top, so the page's own heading leaves them the screen.
   */
  set presenter(on) {
    const turnedOn = Boolean(on) && !this.#presenter;
    this.#presenter = Boolean(on);
    if (!this.#ui) return;
    const { root, diagram } = this.#ui;
    root.classList.toggle('presenter', this.#presenter);
    if (turnedOn) this.#el.scrollIntoView({ block: 'start' });
    root.querySelector('[data-action="presenter"]')?.setAttribute('aria-pressed', String(this.#presenter));
    // Refit only when the largest scale changes: not when mounting as it was.
    const maxScale = this.#presenter ? 2 : 1;
    if ((diagram.maxScale ?? 1) === maxScale) return;
    diagram.maxScale = maxScale;
    diagram.fit();
  }

  #key(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const el = this.#el;
    const k = e.key;
    // Space plays and pauses wherever the focus is, a just-clicked button
    // included, except in a text field; Enter still presses a button.
    if (k === ' ' && !typingText(e)) {
      e.preventDefault();
      if (!e.repeat) el.playing ? el.pause() : el.play();
      return;
    }
    if (typing(e)) return;
    if (k === 'ArrowRight') el.nextPhase();
    else if (k === 'ArrowLeft') el.previousPhase();
    else if (k === 'f' || k === 'F') el.forward();
    else if (k === 'b' || k === 'B') el.backward();
    else if (k === 's' || k === 'S') this.#ui.root.querySelector('button[data-action="step"]')?.click();
    else if (k === 'p' || k === 'P') this.presenter = !this.presenter;
    else if (k === 'q' || k === 'Q') this.quiz();
    else if (k === '?') showHelp(this.#ui.root, this.#ui.t, el.summary.layers);
    else if (k === 'Escape' && this.#presenter) this.presenter = false;
    else return;
    e.preventDefault();
  }

  // ---- Live region -------------------------------------------------------

  #announce(reason) {
    if (!this.#ui) return;
    const { root, t } = this.#ui;
    const el = this.#el;
    const cell = root.querySelector('[data-count="loss"]');
    const raw = cell?.getAttribute('data-value');
    const loss = raw === null || raw === undefined ? '—' : fmt(Number(raw), el.view.digits);
    let text = null;
    if (reason === 'forward') text = t.announceForward(loss);
    else if (reason === 'backward') text = t.announceBackward(loss);
    // The step on screen beside the loss on screen (reading `el.state` would copy every sample each frame).
    else if (reason === 'step') text = t.announceStep(Number(root.querySelector('[data-count="step"]')?.textContent), loss);
    else if (reason === 'reset' || reason === 'preset' || reason === 'shape') text = t.announceNone;
    else if (reason === 'state' || reason === 'undo' || reason === 'redo') text = raw ? t.announceState(loss) : t.announceNone;
    if (text === null) return;
    // While playing, one announcement every few seconds; the last one always lands.
    clearTimeout(this.#pending);
    const wait = el.playing ? this.#lastSaid + ANNOUNCE_EVERY - Date.now() : 0;
    const say = () => {
      this.#lastSaid = Date.now();
      this.#ui.live.textContent = text;
    };
    if (wait <= 0) say();
    else this.#pending = setTimeout(say, wait);
  }

  // ---- Quiz ---------------------------------------------------------------

  /** Hides `name`, or one z, a, δ (or ∂L/∂w with one sample) at random, and asks for it. */
  quiz(name) {
    const el = this.#el;
    this.#endQuiz();
    el.backward();
    if (name) {
      this.ask(name);
      return name;
    }
    const state = el.state;
    const L = state.layers.length;
    const pool = [];
    for (let l = 2; l <= L; l++) {
      for (let j = 1; j <= state.layers[l - 1]; j++) pool.push(`z${l}.${j}`, `a${l}.${j}`, `d${l}.${j}`);
      if (state.samples.length === 1) {
        for (let j = 1; j <= state.layers[l - 1]; j++) for (let k = 1; k <= state.layers[l - 2]; k++) pool.push(`gw${l}.${j}.${k}`);
      }
    }
    const pick = pool[Math.floor(Math.random() * pool.length)];
    this.ask(pick);
    return pick;
  }

  /** Asks for one named value (also for tests and lessons). */
  ask(name) {
    const { root, t } = this.#ui;
    const el = this.#el;
    this.#endQuiz();
    this.#ui.diagram.complete(); // a big network's hidden rows are built in idle time: hide the one asked for too
    const cell = root.querySelector(`svg [data-name="${CSS.escape(name)}"]`);
    cell?.classList.add('quiz-hide');
    const question = h('b');
    const hint = h('span', { class: 'note' });
    const input = h('input', { type: 'text', inputmode: 'decimal', class: 'quiz-input', autocomplete: 'off', spellcheck: 'false', 'aria-label': t.quizAnswer });
    const result = h('p', { class: 'quiz-result', role: 'status' });
    const how = h('pre', { class: 'quiz-how', hidden: true });
    const check = () => this.#check(name, input.value, result, how, false);
    // The words that name the value follow the view, should its notation or digits change mid-question.
    const rename = () => {
      const { notation, digits } = el.view;
      question.textContent = t.quizAsk(label(name, notation, el.summary.layers).text);
      hint.textContent = t.quizHint(digits);
      if (result.dataset.said === 'hint') result.textContent = t.quizTryAgain(this.#hint(name));
      if (!how.hidden) how.textContent = `${t.quizHow}\n${this.#derivation(name)}`;
      // A diagram drawn anew has new cells: the value stays hidden until answered.
      const q = this.#quiz;
      const now = root.querySelector(`svg [data-name="${CSS.escape(name)}"]`);
      if (q && now !== q.cell) {
        q.cell = now;
        if (result.dataset.said !== 'answer') now?.classList.add('quiz-hide');
      }
    };
    rename();
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        check();
      } else if (e.key === 'Escape') this.#endQuiz();
      e.stopPropagation();
    });
    const bar = h('div', { class: 'quiz', role: 'group', 'aria-label': t.quiz, 'data-quiz': name },
      h('p', { class: 'quiz-q' }, question, ' ', hint),
      h('div', { class: 'quiz-row' }, input,
        h('button', { class: 'btn', 'data-action': 'quiz-check', onclick: check }, t.quizCheck),
        h('button', { class: 'btn quiet', 'data-action': 'quiz-reveal', onclick: () => this.#check(name, '', result, how, true) }, t.quizReveal),
        h('button', { class: 'btn quiet', 'data-action': 'quiz-next', onclick: () => this.quiz() }, t.quizNext),
        h('button', { class: 'btn quiet', 'data-action': 'quiz-close', onclick: () => this.#endQuiz() }, t.close)),
      result, how);
    root.querySelector('.top').after(bar);
    // On a phone the value asked for may be scrolled out of the diagram's box.
    if (cell) this.#ui.diagram.reveal([cell.closest('.node, .elabel') ?? cell]);
    this.#quiz = { name, cell, bar, misses: 0, rename };
    input.focus();
  }

  /**
   * Compares the typed number with the core's value: right when it is within
   * half a unit of the last significant digit shown, or within a relative 1e-3.
   */
  #check(name, text, result, how, reveal) {
    const { t } = this.#ui;
    const el = this.#el;
    const want = valueOf(el.trace(), name, el.view.sample);
    const digits = el.view.digits;
    const typed = Number(String(text).trim().replace('\u2212', '-').replace(',', '.'));
    if (!reveal && (String(text).trim() === '' || !Number.isFinite(typed))) {
      result.textContent = t.quizNaN;
      result.className = 'quiz-result wrong';
      result.dataset.said = 'nan';
      return;
    }
    const unit = want === 0 ? 0 : 10 ** (Math.floor(Math.log10(Math.abs(want))) - digits + 1);
    const ok = !reveal && Math.abs(typed - want) <= Math.max(0.5 * unit, 1e-3 * Math.abs(want));
    if (!ok && !reveal && this.#quiz && ++this.#quiz.misses < TRIES) {
      // Not yet: the value stays hidden, and the hint names the factors to use.
      result.textContent = t.quizTryAgain(this.#hint(name));
      result.className = 'quiz-result wrong';
      result.dataset.correct = 'false';
      result.dataset.said = 'hint';
      return;
    }
    const shown = fmt(want, digits);
    result.textContent = ok ? t.quizRight(shown) : t.quizWrong(shown);
    result.className = `quiz-result ${ok ? 'right' : 'wrong'}`;
    result.dataset.correct = String(ok);
    result.dataset.said = 'answer';
    how.textContent = `${t.quizHow}\n${this.#derivation(name)}`;
    how.hidden = false;
    this.#quiz?.cell?.classList.remove('quiz-hide');
  }

  /** The core's formula for a value in symbols only, e.g. `δ³₁ = (a³₁ − y₁)·σ'(z³₁)` or `δₒ₁ = (aₒ₁ − y₁)·σ'(zₒ₁)`: the factors to use. */
  #hint(name) {
    return this.#derivation(name).split(' = ').slice(0, 2).join(' = ');
  }

  /** The core's worked formula for a value, in the view's notation: the phase that computes it, or the chain rule for a weight. */
  #derivation(name) {
    const el = this.#el;
    const { sample, digits, notation } = el.view;
    for (const phase of el.phases(sample, digits, notation)) {
      const f = phase.formulas.find((x) => x.ref === name);
      if (f) return f.text;
    }
    return el.explainAs(name.replace(/^g/, ''), sample, 'text', digits, notation);
  }

  #endQuiz() {
    if (!this.#quiz) return;
    this.#quiz.cell?.classList.remove('quiz-hide');
    this.#quiz.bar.remove();
    this.#quiz = null;
  }
}

/** A named value of the shown sample from a full trace: z, a, δ or ∂L/∂w. */
export function valueOf(trace, name, sample) {
  const { role, l, j, k } = parse(name);
  if (role === 'gw') return trace.grad_weights[l - 2][j - 1][k - 1];
  const layer = trace.samples[sample].layers[l - 1];
  return { z: layer.z, a: layer.a, delta: layer.delta }[role][j - 1];
}
