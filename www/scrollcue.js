// A box that scrolls sideways says so. Phones and many desktops hide scroll
// bars until one scrolls, so a diagram, tab strip, table or formula cut at
// the box's edge looks finished; a fade on each side with more to see says
// it is not.

/** Observed element → the box whose cue its size moves (the box, or its content). */
const boxOf = new WeakMap();
const sized = new ResizeObserver((entries) => {
  for (const { target } of entries) {
    // Formulas and tables are drawn anew after each change: let the old ones go.
    if (!target.isConnected) sized.unobserve(target);
    else update(boxOf.get(target));
  }
});

function update(box) {
  const hidden = box.scrollWidth - box.clientWidth;
  // A pixel of slack: fractional widths round either way.
  box.classList.toggle('more-left', hidden > 1 && box.scrollLeft > 1);
  box.classList.toggle('more-right', hidden > 1 && box.scrollLeft < hidden - 1);
}

/**
 * Keeps the classes `more-left` and `more-right` on `box` while it has
 * content hidden past that edge. It follows scrolling and the sizes of the
 * box and its first child by itself; call the returned function after
 * changing what the box holds in other ways.
 */
export function scrollCue(box) {
  box.addEventListener('scroll', () => update(box), { passive: true });
  for (const el of [box, box.firstElementChild]) {
    if (!el) continue;
    boxOf.set(el, box);
    sized.observe(el);
  }
  return () => update(box);
}
