// How many training steps fit in one animation frame. Training runs in the
// core in one `step(n)` call per frame; n follows the measured cost of a
// step so that a frame's training stays within a budget, and the budget
// shrinks when frames come late (a slow machine, a busy tab) so drawing
// keeps its 60 frames per second.

const BUDGET_MS = 6; // of a 16.7 ms frame: the rest is the heatmap, the diagram and the browser (8 dropped frames in headless Chromium)
const MIN_BUDGET_MS = 2;
const LATE_MS = 20; // a frame gap above this means the last frame ran long
const MAX_STEPS = 20_000;

/** The multiply-adds of one forward pass through a network of `layers` (neurons per layer, inputs first), biases counted. */
export function passWork(layers) {
  let work = 0;
  for (let l = 1; l < layers.length; l++) work += layers[l] * (layers[l - 1] + 1);
  return work;
}

export class Pacer {
  steps = 1;
  budget = BUDGET_MS;
  #last = null;

  /** The steps to take in the frame starting at `now` (requestAnimationFrame's time). */
  next(now) {
    if (this.#last !== null) {
      const gap = now - this.#last;
      if (gap > LATE_MS) this.budget = Math.max(MIN_BUDGET_MS, this.budget * 0.8);
      else this.budget = Math.min(BUDGET_MS, this.budget * 1.05);
    }
    this.#last = now;
    return this.steps;
  }

  /** `n` steps took `ms`: aim the next frame's count at the budget, at most doubling. */
  took(n, ms) {
    const fit = ms > 0.2 ? Math.floor((this.budget * n) / ms) : 2 * n; // timers are coarse below 0.1 ms
    this.steps = Math.max(1, Math.min(fit, 2 * Math.max(n, this.steps), MAX_STEPS));
  }
}
