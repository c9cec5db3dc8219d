// A bounded record of training, one value a step: every step while there
// are few, then buckets of consecutive steps, each keeping its last step's
// values and the lowest and highest loss in it, so a long run costs a few
// thousand points and no spike is lost. Steps wait in a queue until the
// record is read (the chart's next frame) or the page is idle, or until
// many have come.
//
// LossHistory keeps the loss chart's record on top of it: every step's batch
// loss, each epoch's mean loss and the held-out loss.

import { whenIdle } from './dom.js';

const CAPACITY = 4096; // buckets; when full, neighbours merge in pairs
const QUEUE = 8 * CAPACITY; // steps waiting to be put in buckets: past this, they are put in at once

export class Series {
  #n = 0; // buckets in use
  #width = 1; // steps a full bucket stands for
  #step = new Float64Array(CAPACITY); // last step in the bucket
  #epoch = new Float64Array(CAPACITY); // epochs completed after that step
  #loss = new Float64Array(CAPACITY); // the batch loss of that step
  #min = new Float64Array(CAPACITY);
  #max = new Float64Array(CAPACITY);
  #count = new Uint32Array(CAPACITY); // steps in the bucket
  #queue = []; // [first, losses, epochs] of the steps added since the buckets were last read
  #queued = 0; // steps in the queue
  #last = 0; // the last step added

  /** Buckets held. */
  get length() {
    this.#fold();
    return this.#n;
  }

  /** True once a bucket stands for more than one step. */
  get thinned() {
    this.#fold();
    return this.#width > 1;
  }

  /**
   * Records steps `first`, `first`+1, … with their batch losses and (if
   * given) the epochs after each. They are copied into the queue; the
   * buckets take them when next read or in idle time.
   */
  add(first, losses, epochs = null) {
    if (!losses.length) return;
    if (!this.#queue.length) whenIdle(() => this.#fold());
    this.#queue.push([first, new Float64Array(losses), epochs && new Float64Array(epochs)]);
    this.#queued += losses.length;
    this.#last = first + losses.length - 1;
    if (this.#queued > QUEUE) this.#fold();
  }

  /** Puts the queued steps in buckets. */
  #fold() {
    for (const [first, losses, epochs] of this.#queue) this.#bucket(first, losses, epochs);
    this.#queue = [];
    this.#queued = 0;
  }

  /** Puts steps in buckets a bucket at a time, so thousands of steps cost a short loop over each bucket's share. */
  #bucket(first, losses, epochs) {
    const count = this.#count;
    const min = this.#min;
    const max = this.#max;
    for (let i = 0; i < losses.length;) {
      let b = this.#n - 1;
      if (b < 0 || count[b] >= this.#width) {
        if (this.#n === CAPACITY) this.#halve();
        b = this.#n++;
        count[b] = 0;
        min[b] = losses[i];
        max[b] = losses[i];
      }
      const end = Math.min(losses.length, i + this.#width - count[b]);
      let lo = min[b];
      let hi = max[b];
      // NaN never wins a comparison: a diverged step shows in `loss`, not in the range
      for (let k = i; k < end; k++) {
        const loss = losses[k];
        if (loss < lo) lo = loss;
        if (loss > hi) hi = loss;
      }
      min[b] = lo;
      max[b] = hi;
      this.#step[b] = first + end - 1;
      this.#epoch[b] = epochs ? epochs[end - 1] : NaN;
      this.#loss[b] = losses[end - 1];
      count[b] += end - i;
      i = end;
    }
  }

  /** Merges neighbouring buckets: half as many, each twice as wide. */
  #halve() {
    const half = this.#n >> 1;
    for (let i = 0; i < half; i++) {
      const [a, b] = [2 * i, 2 * i + 1];
      this.#step[i] = this.#step[b];
      this.#epoch[i] = this.#epoch[b];
      this.#loss[i] = this.#loss[b];
      this.#min[i] = Math.min(this.#min[a], this.#min[b]);
      this.#max[i] = Math.max(this.#max[a], this.#max[b]);
      this.#count[i] = this.#count[a] + this.#count[b];
    }
    this.#n = half;
    this.#width *= 2;
  }

  /**
   * Forgets the steps after `step` (undone, reset away). A bucket that
   * straddles it keeps its range; its last values become unknown (NaN)
   * unless it held that step alone.
   */
  truncate(step) {
    if (step >= this.#last) return;
    this.#fold();
    this.#last = step;
    while (this.#n && this.#step[this.#n - 1] > step) {
      const b = this.#n - 1;
      const firstInBucket = this.#step[b] - this.#count[b] + 1;
      if (firstInBucket > step) {
        this.#n--;
        continue;
      }
      this.#count[b] = step - firstInBucket + 1;
      this.#step[b] = step;
      this.#epoch[b] = NaN;
      this.#loss[b] = NaN;
      break;
    }
  }

  clear() {
    this.#n = 0;
    this.#width = 1;
    this.#queue = [];
    this.#queued = 0;
    this.#last = 0;
  }

  /** `{ step, epoch, loss, min, max, steps }` for each bucket, oldest first. */
  rows() {
    this.#fold();
    const out = [];
    for (let i = 0; i < this.#n; i++) {
      out.push({
        step: this.#step[i], epoch: this.#epoch[i], loss: this.#loss[i],
        min: this.#min[i], max: this.#max[i], steps: this.#count[i],
      });
    }
    return out;
  }

  /**
   * Chart points [x, y]: one a step while there is one a bucket; a wide
   * bucket gives its lowest and highest loss, so the line spans its range.
   * Beyond `most` points, neighbouring buckets are drawn as one wider
   * bucket: a chart a few hundred pixels wide shows no more.
   */
  points(most = Infinity) {
    this.#fold();
    const n = this.#n;
    const group = (!this.thinned && n <= most) || 2 * n <= most ? 1 : Math.ceil((2 * n) / most);
    const out = [];
    for (let i = 0; i < n; i += group) {
      const last = Math.min(n, i + group) - 1;
      const first = this.#step[i] - this.#count[i] + 1;
      if (first === this.#step[last]) {
        out.push([this.#step[i], this.#loss[i]]);
        continue;
      }
      let lo = this.#min[i];
      let hi = this.#max[i];
      for (let b = i + 1; b <= last; b++) {
        if (this.#min[b] < lo) lo = this.#min[b];
        if (this.#max[b] > hi) hi = this.#max[b];
      }
      out.push([first, hi], [this.#step[last], lo]);
    }
    return out;
  }
}

const MAX_POINTS = 2000; // beyond this the loss history keeps every other epoch and held-out point, and the chart's batch losses are drawn in wider buckets

/** The loss history: per step (batch loss from `train`) and per epoch (mean loss over all samples). */
export class LossHistory {
  #steps = new Series(); // the batch loss of each step, thinned when long
  epochs = []; // [step, loss, epoch]: the mean loss reached in each epoch, at the step it was reached
  tests = []; // [step, loss]: the held-out loss

  /** Records the batch losses of steps `first`, `first`+1, … */
  addSteps(first, losses) {
    this.#steps.add(first, losses);
  }

  /** [step, loss] points of the batch losses; a thinned stretch gives each bucket's lowest and highest. */
  get steps() {
    return this.#steps.points(MAX_POINTS);
  }

  /** Records the mean loss reached in `epoch` at step `x` (one point per epoch, the latest wins). */
  addEpoch(epoch, loss, x) {
    if (this.epochs.at(-1)?.[2] === epoch) this.epochs[this.epochs.length - 1] = [x, loss, epoch];
    else this.epochs.push([x, loss, epoch]);
    if (this.epochs.length > MAX_POINTS) this.epochs = this.epochs.filter((_, i) => i % 2 === 0 || i === this.epochs.length - 1);
  }

  /** Records the held-out loss at step `x`. */
  addTest(x, loss) {
    this.tests.push([x, loss]);
    if (this.tests.length > MAX_POINTS) this.tests = this.tests.filter((_, i) => i % 2 === 0 || i === this.tests.length - 1);
  }

  clear() {
    this.#steps.clear();
    this.epochs = [];
    this.tests = [];
  }
}
