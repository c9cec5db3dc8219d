// Undo and redo over whole states, kept as the core's JSON strings so that a
// restored state is bit-exact.

export class History {
  #undo = [];
  #redo = [];

  constructor(limit = 200) {
    this.limit = limit;
  }

  /** Remembers `json`, the state before a change; a new change forgets the redo side. */
  push(json) {
    if (this.#undo.at(-1) === json) return;
    this.#undo.push(json);
    if (this.#undo.length > this.limit) this.#undo.shift();
    this.#redo.length = 0;
  }

  /** The state to go back to from `current`, or null. */
  undo(current) {
    if (!this.#undo.length) return null;
    this.#redo.push(current);
    return this.#undo.pop();
  }

  /** The state to go forward to from `current`, or null. */
  redo(current) {
    if (!this.#redo.length) return null;
    this.#undo.push(current);
    return this.#redo.pop();
  }

  get canUndo() {
    return this.#undo.length > 0;
  }

  get canRedo() {
    return this.#redo.length > 0;
  }
}
