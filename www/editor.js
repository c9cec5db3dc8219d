// An input laid over a value in the diagram. Enter commits, Escape or
// leaving the field cancels. If the core refuses the value, its message
// shows under the field and nothing changes.

import { h } from './dom.js';

let open = null;

/** Closes the open editor, if any. */
export function closeEditor() {
  open?.close();
}

/**
 * Opens an editor over `anchor` inside `stage`. `commit(text)` returns null
 * when the value was taken, or the message to show.
 */
export function openEditor(stage, anchor, { value, label, commit }) {
  closeEditor();
  const input = h('input', {
    type: 'text', inputmode: 'decimal', class: 'editor-input', autocomplete: 'off',
    spellcheck: 'false', 'aria-label': label, value,
  });
  const error = h('p', { class: 'editor-error', role: 'alert', hidden: true });
  const box = h('div', { class: 'editor' }, input, error);

  const close = (refocus) => {
    if (open !== handle) return;
    open = null;
    box.remove();
    if (refocus) anchor.focus?.({ preventScroll: true });
  };
  const handle = { close: () => close(false) };
  open = handle;

  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const message = commit(input.value);
      if (message === null) close(true);
      else {
        error.textContent = message;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.select();
      }
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close(true);
    }
    e.stopPropagation();
  });
  input.addEventListener('blur', () => close(false));

  const s = stage.getBoundingClientRect();
  const r = anchor.getBoundingClientRect();
  const width = Math.max(r.width, 120);
  box.style.left = `${Math.max(0, r.left - s.left + (r.width - width) / 2)}px`;
  box.style.top = `${r.top - s.top + r.height / 2 - 15}px`;
  box.style.width = `${width}px`;
  stage.append(box);
  input.focus();
  input.select();
}
