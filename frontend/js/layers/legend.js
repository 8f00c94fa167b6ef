// The legend: one line per entry the layers declare ({ swatch: element(s), label: text }), and the
// layer switcher. Both sit on the map's right-hand side, the switcher at the top, the legend at the
// bottom; fitRightControls() keeps them from running into each other on a short map (each gets a
// share of the height and scrolls inside it), and on a phone both start folded.
import L from '../leaflet-global.js';
import { el } from '../lib/dom.js';

/** Narrow screens (phones) get the folded switcher and legend. */
const NARROW = '(max-width: 700px)';
/** Pixels kept free between and around the controls of one side. */
const GAP_PX = 10;

const narrow = () => window.matchMedia(NARROW).matches;

export function addLegend(map, title, entries) {
  const Legend = L.Control.extend({
    onAdd() {
      const div = L.DomUtil.create('div', 'legend leaflet-bar');
      const rows = el('div', { class: 'legend-rows' }, entries.map((e) => el('div', { class: 'legend-row' }, e.swatch, el('span', {}, e.label))));
      // The title folds the rows away (a phone starts folded: the map is small).
      const toggle = el('button', { type: 'button', class: 'legend-toggle', 'aria-expanded': 'true' }, title);
      const heading = el('h4', {}, toggle);
      const fold = (folded) => {
        rows.hidden = folded;
        toggle.setAttribute('aria-expanded', String(!folded));
        fitRightControls(map);
      };
      toggle.addEventListener('click', () => fold(!rows.hidden));
      div.append(heading, rows);
      if (narrow()) { rows.hidden = true; toggle.setAttribute('aria-expanded', 'false'); }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    },
  });
  const control = new Legend({ position: 'bottomright' }).addTo(map);
  map.on('resize', () => fitRightControls(map));
  requestAnimationFrame(() => fitRightControls(map));
  return control;
}

/** The layer switcher: base maps and every overlay the layers declare. Folded to its icon on a phone. */
export function addLayerControl(map, baseLayers, overlays) {
  const named = {};
  for (const o of overlays) named[o.label] = o.layer;
  const control = L.control.layers(baseLayers, named, { collapsed: narrow(), position: 'topright' }).addTo(map);
  requestAnimationFrame(() => fitRightControls(map));
  return control;
}

/**
 * Shares the map's height between the layer switcher (top right) and the legend (bottom right):
 * when both fit nothing changes; otherwise each scrolls inside at most its share (the smaller one
 * keeps its whole height when that is under half, the other gets the rest).
 */
export function fitRightControls(map) {
  const container = map.getContainer();
  const list = container.querySelector('.leaflet-top.leaflet-right .leaflet-control-layers-expanded .leaflet-control-layers-list');
  const legendRows = container.querySelector('.leaflet-bottom.leaflet-right .legend-rows');
  const parts = [list, legendRows].filter((e) => e && !e.hidden);
  for (const p of parts) { p.style.maxHeight = ''; p.style.overflowY = ''; p.style.overflowX = ''; }
  const mapHeight = container.clientHeight;
  const controlHeight = (selector) => [...container.querySelectorAll(selector)]
    .reduce((sum, c) => sum + c.offsetHeight + GAP_PX, 0);
  const used = controlHeight('.leaflet-top.leaflet-right > .leaflet-control')
    + controlHeight('.leaflet-bottom.leaflet-right > .leaflet-control') + GAP_PX;
  if (used <= mapHeight || parts.length === 0) return;
  // What does not scroll: everything but the scrollable parts.
  const fixed = used - parts.reduce((sum, p) => sum + p.offsetHeight, 0);
  const room = Math.max(40 * parts.length, mapHeight - fixed);
  const heights = parts.map((p) => p.offsetHeight);
  const caps = parts.length === 1 ? [room]
    : heights[0] <= room / 2 ? [heights[0], room - heights[0]]
      : heights[1] <= room / 2 ? [room - heights[1], heights[1]] : [room / 2, room / 2];
  parts.forEach((p, i) => {
    if (p.offsetHeight > caps[i]) { p.style.maxHeight = `${Math.floor(caps[i])}px`; p.style.overflowY = 'auto'; p.style.overflowX = 'hidden'; }
  });
}
