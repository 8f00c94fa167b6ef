// Building DOM from data without ever parsing it as HTML. Every name, code, note or message that came
// from the service (and so possibly from another user) reaches the page through these text nodes or
// attribute values, never through innerHTML or a string handed to Leaflet (bindTooltip, bindPopup,
// divIcon html), so markup in it stays text. See docs/security-xss.md.

/**
 * A new element: `el('td', { class: 'n', dataset: { key } }, 'text', childNode, ...)`.
 * Attributes are set with setAttribute (never `on…` handlers, never `style`: the CSP refuses style
 * attributes; pass `style: { background: colour }`, which is set through element.style and allowed).
 * Children: strings and numbers become text nodes, nodes are appended, null/undefined/false skipped,
 * arrays are flattened.
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  return fill(element, attributes, children);
}

/** The same for SVG elements (legend symbols, patterns). */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  return fill(element, attributes, children);
}

function fill(element, attributes, children) {
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) throw new Error(`el(): no event-handler attributes (${key}); use addEventListener`);
    if (key === 'style') {
      for (const [property, v] of Object.entries(value)) element.style.setProperty(property, String(v));
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) element.dataset[k] = String(v);
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends text and nodes (see el) to `parent`; returns parent. */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces everything in `parent` with `children`. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return append(parent, ...children);
}

/** Text lines separated by <br> elements (tooltips of several lines). */
export function lines(...texts) {
  const out = [];
  texts.flat().filter((x) => x !== null && x !== undefined && x !== '').forEach((text, i) => {
    if (i > 0) out.push(document.createElement('br'));
    out.push(text instanceof Node ? text : document.createTextNode(String(text)));
  });
  return out;
}
