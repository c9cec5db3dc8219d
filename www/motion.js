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

  /**
   * Dots travelling along `wires` (each a list of [x, y] points, start to
   * end, as a wire's polyline bends round its label), all at once and at
   * an even speed along each; `back` runs them end to start.
   */
  async pulses(wires, ms, back = false) {
    if (!ms || !wires.length) return;
    const fx = this.#layer();
    const runs = wires.map((wire) => {
      const dot = s('circle', { class: `pulse${back ? ' back' : ''}`, r: 5, cx: 0, cy: 0 });
      fx.append(dot);
      const anim = this.#track(dot.animate(pulseFrames(back ? [...wire].reverse() : wire), { duration: ms, easing: 'ease-in-out', fill: 'forwards' }));
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

/** A weight's wire as the points of its polyline, start to end. */
export function wireOf(edge) {
  const points = edge.querySelector('.wire').getAttribute('points').trim().split(/\s+/);
  return points.map((p) => p.split(',').map(Number));
}

/**
 * Keyframes for a dot along `points`: at each bend at its share of the
 * wire's length, fading in over the first 15 % and out over the last.
 */
export function pulseFrames(points) {
  const along = [0];
  for (let i = 1; i < points.length; i++) along.push(along[i - 1] + Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]));
  const length = along.at(-1) || 1;
  const frames = points.map(([x, y], i) => ({ transform: `translate(${x}px, ${y}px)`, offset: along[i] / length }));
  frames[0].opacity = 0;
  frames.at(-1).opacity = 0;
  frames.push({ opacity: 1, offset: 0.15 }, { opacity: 1, offset: 0.85 });
  return frames.sort((a, b) => a.offset - b.offset);
}
