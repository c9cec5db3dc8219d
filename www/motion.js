// Motion on the diagram: pulses along wires, values fading in, neurons
// lighting up, numbers counting from an old core value to a new one. Only
// the display moves; every value written at the end is the core's own text.
// With prefers-reduced-motion nothing moves and everything lands at once.

import { s } from './dom.js';
import { fmt } from './format.js';

const reduce = matchMedia('(prefers-reduced-motion: reduce)');

/** True when the visitor asked for less motion. */
export const reducedMotion = () => reduce.matches;

/** Runs one sequence of animations at a time; a new one or `stop` ends the last at once. */
export class Motion {
  #run = 0;
  #live = new Set(); // running Animation objects and tween stoppers

  constructor(diagram) {
    this.diagram = diagram;
    this.speed = 1; // 0.5 slower, 2 faster
  }

  /** Ends whatever is running: animations jump to their end state. */
  stop() {
    this.#run++;
    for (const a of this.#live) a.finish ? a.finish() : a();
    this.#live.clear();
    const fx = this.#fx;
    if (fx?.isConnected && fx.firstChild) fx.replaceChildren();
  }

  /** Starts a sequence; `body(m)` awaits `m.wait(...)`; returns false if it was cut short. */
  async play(body) {
    this.stop();
    const run = this.#run;
    const alive = () => run === this.#run;
    try {
      await body({ alive, ms: (t) => (reducedMotion() ? 0 : t / this.speed) });
    } catch (err) {
      if (alive()) throw err;
    }
    return alive();
  }

  #track(anim) {
    this.#live.add(anim);
    const done = () => this.#live.delete(anim);
    if (anim.finished) anim.finished.then(done, done);
    return anim;
  }

  #fx = null; // the layer the motion draws in, on top of the diagram

  #layer() {
    const svg = this.diagram.svg;
    if (this.#fx?.parentNode !== svg) svg.append((this.#fx = s('g', { class: 'fx', 'aria-hidden': 'true' })));
    return this.#fx;
  }

  /** Dots travelling along `lines` ([{x1,y1,x2,y2}]), all at once; `back` runs them end to start. */
  async pulses(lines, ms, back = false) {
    if (!ms || !lines.length) return;
    const fx = this.#layer();
    const runs = lines.map((l) => {
      const dot = s('circle', { class: `pulse${back ? ' back' : ''}`, r: 5, cx: 0, cy: 0 });
      fx.append(dot);
      const [ax, ay, bx, by] = back ? [l.x2, l.y2, l.x1, l.y1] : [l.x1, l.y1, l.x2, l.y2];
      const anim = this.#track(dot.animate([
        { transform: `translate(${ax}px, ${ay}px)`, opacity: 0 },
        { opacity: 1, offset: 0.15 },
        { opacity: 1, offset: 0.85 },
        { transform: `translate(${bx}px, ${by}px)`, opacity: 0 },
      ], { duration: ms, easing: 'ease-in-out', fill: 'forwards' }));
      return anim.finished.catch(() => {}).then(() => dot.remove());
    });
    await Promise.all(runs);
  }

  /** Fades `els` in (they must be visible already). */
  async fadeIn(els, ms) {
    if (!ms || !els.length) return;
    await Promise.all(els.map((el) => this.#track(el.animate([{ opacity: 0 }, { opacity: 1 }], { duration: ms, easing: 'ease-out' })).finished.catch(() => {})));
  }

  /** Counts each text element from `from` to `to` (core numbers) at `digits`, then leaves its own text. */
  tween(cells, digits, ms) {
    if (!ms || !cells.length) return Promise.resolve();
    const finals = cells.map(({ el }) => el.textContent);
    return new Promise((resolve) => {
      const start = performance.now();
      let frame = 0;
      const end = () => {
        cancelAnimationFrame(frame);
        cells.forEach(({ el }, i) => (el.textContent = finals[i]));
        this.#live.delete(end);
        resolve();
      };
      this.#live.add(end);
      const tick = (now) => {
        const p = Math.min(1, (now - start) / ms);
        if (p >= 1) return end();
        const e = p < 0.5 ? 2 * p * p : 1 - (-2 * p + 2) ** 2 / 2;
        // Display only: a number between two core values, never stored or reused.
        cells.forEach(({ el, from, to }) => (el.textContent = fmt(from + (to - from) * e, digits)));
        frame = requestAnimationFrame(tick);
      };
      frame = requestAnimationFrame(tick);
    });
  }
}

/** The straight line of a weight's wire. */
export function wireOf(edge) {
  const l = edge.querySelector('.wire');
  const n = (a) => Number(l.getAttribute(a));
  return { x1: n('x1'), y1: n('y1'), x2: n('x2'), y2: n('y2') };
}
