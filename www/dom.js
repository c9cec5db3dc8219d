// Building DOM without innerHTML: text always goes in as text nodes.

const SVG_NS = 'http://www.w3.org/2000/svg';

function fill(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h('button', { class: 'x', onclick: f }, 'text'). */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element, the same way. */
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/**
 * Replaces an element's text, touching the DOM only when it changed: an
 * element holding one text node keeps it and has its characters changed,
 * which costs the browser far less than a new node.
 */
export function setText(el, text) {
  const only = el.firstChild;
  if (only !== null && only === el.lastChild && only.nodeType === Node.TEXT_NODE) {
    if (only.data !== text) only.data = text;
  } else if (el.textContent !== text) el.textContent = text;
}

/** Sets or removes an attribute, touching the DOM only when it changed. */
export function setAttr(el, name, value) {
  if (value === null || value === undefined) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== String(value)) el.setAttribute(name, value);
}

/** A stylesheet link for `href`, and a promise that settles once it has loaded or failed. */
export function stylesheet(href) {
  const link = h('link', { rel: 'stylesheet', href });
  const settled = new Promise((ok) => {
    link.addEventListener('load', ok, { once: true });
    link.addEventListener('error', ok, { once: true });
  });
  return { link, settled };
}

/** requestIdleCallback, or a near stand-in where the browser lacks it (a deadline of 8 ms). */
export const whenIdle = globalThis.requestIdleCallback?.bind(globalThis)
  ?? ((f) => setTimeout(() => f({ timeRemaining: () => 8 }), 0));
