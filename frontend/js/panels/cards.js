// The sidebar is a stack of cards, one per panel. Plain DOM, no Leaflet.
import { el } from '../lib/dom.js';

/** Adds a card titled `title` to `sidebar`; returns its body element. */
export function addCard(sidebar, id, title) {
  const body = el('div', { class: 'card-body' });
  sidebar.append(el('section', { class: 'card', id }, el('h2', {}, title), body));
  return body;
}

/** Builds a labelled form field; `input` is the input/select element. */
export function field(label, input) {
  const wrapper = document.createElement('label');
  wrapper.className = 'field';
  const span = document.createElement('span');
  span.textContent = label;
  wrapper.append(span, input);
  return wrapper;
}

export function element(tag, attributes = {}, text) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    // Through the CSSOM: the CSP (style-src 'self') refuses a style attribute set with setAttribute.
    if (key === 'style') el.style.cssText = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  if (text !== undefined) el.textContent = text;
  return el;
}

export function button(text, attributes = {}) {
  return element('button', { type: 'button', ...attributes }, text);
}
