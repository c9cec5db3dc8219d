// A box that scrolls sideways says so. Phones and many desktops hide scroll
// bars until one scrolls, so a diagram, tab strip or table cut at the box's
// edge looks finished; a fade on each side with more to see says it is not.

/**
 * Keeps the classes `more-left` and `more-right` on `box` while it has
 * content hidden past that edge. It follows scrolling and the box's size by
 * itself; call the returned function after changing what the box holds.
 */
export function scrollCue(box) {
  const update = () => {
    const hidden = box.scrollWidth - box.clientWidth;
    // A pixel of slack: fractional widths round either way.
    box.classList.toggle('more-left', hidden > 1 && box.scrollLeft > 1);
    box.classList.toggle('more-right', hidden > 1 && box.scrollLeft < hidden - 1);
  };
  box.addEventListener('scroll', update, { passive: true });
  const sized = new ResizeObserver(update);
  sized.observe(box);
  if (box.firstElementChild) sized.observe(box.firstElementChild);
  return update;
}
