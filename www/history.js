// Undo and redo over whole states, kept as the core's snapshots (core.js):
// `{ text, samples }`, the JSON text of the state with a mark where the
// samples go and the samples' JSON text, so a restored state is bit-exact.
// Snapshots taken while the samples stay the same share one samples text,
// and the history counts it once.
//
// Two snapshots are compared part by part, never as one joined text: V8
// compares two joined texts of the same length by copying each flat, and a
// copy kept in the history would hold the samples again.

/**
 * How much Undo keeps: at most `most` states and `text` characters of state
 * text (a byte each: the text is ASCII), but always the last `least` states.
 */
export const BOUNDS = { most: 200, text: 4 * 1024 * 1024, least: 20 };

/** Whether two snapshots hold the same state. */
export const sameState = (a, b) => a.text === b.text && a.samples === b.samples;

export class History {
  #undo = [];
  #redo = [];
  #size = 0; // text held by the undo side, each samples text once
  #shared = new Map(); // samples text → undo entries holding it

  /** Remembers `snap`, the state before a change; a new change forgets the redo side. */
  push(snap) {
    const last = this.#undo.at(-1);
    if (last && sameState(last, snap)) return;
    this.#keep(snap);
    this.#redo.length = 0;
  }

  /** The snapshot to go back to from `current`, or null. */
  undo(current) {
    if (!this.#undo.length) return null;
    this.#redo.push(current);
    return this.#drop(this.#undo.pop());
  }

  /** The snapshot to go forward to from `current`, or null. */
  redo(current) {
    if (!this.#redo.length) return null;
    this.#keep(current);
    return this.#redo.pop();
  }

  get canUndo() {
    return this.#undo.length > 0;
  }

  get canRedo() {
    return this.#redo.length > 0;
  }

  /** States on the undo side, and the characters of text they hold. */
  get size() {
    return { states: this.#undo.length, text: this.#size };
  }

  /** Adds `snap` to the undo side, then forgets the oldest states past the bounds. */
  #keep(snap) {
    this.#undo.push(snap);
    this.#size += snap.text.length;
    const holders = this.#shared.get(snap.samples) ?? 0;
    if (!holders) this.#size += snap.samples.length;
    this.#shared.set(snap.samples, holders + 1);
    const { most, text, least } = BOUNDS;
    while (this.#undo.length > least && (this.#undo.length > most || this.#size > text)) this.#drop(this.#undo.shift());
  }

  /** Stops counting `snap`, gone from the undo side; returns it. */
  #drop(snap) {
    this.#size -= snap.text.length;
    const holders = this.#shared.get(snap.samples) - 1;
    if (holders) this.#shared.set(snap.samples, holders);
    else {
      this.#shared.delete(snap.samples);
      this.#size -= snap.samples.length;
    }
    return snap;
  }
}
