// The legend: one line per entry the layers declare ({ swatch: element(s), label: text }), and the
// layer switcher. Both sit in the map's right-hand corners, so they share its height: the legend folds
// to its title when both do not fit open, and the switcher's list scrolls within what the legend leaves, so
// neither ever covers the other's controls (a 1366×768 laptop shows about 560 px of map).
import L from '../leaflet-global.js';
import { el } from '../lib/dom.js';

/** Maps narrower than this (phones) show the layer switcher folded to its button. */
const PHONE_MAP_WIDTH_PX = 600;
/** Space kept between the two corners and around them (Leaflet's control margins). */
const GAP_PX = 10;
/** The switcher never gets less than this much list; below it the legend rows scroll instead. */
const MIN_LIST_PX = 96;
/** Fewer legend rows than this height are no help: the legend folds instead. */
const MIN_ROWS_PX = 60;

// autoFold: the legend folds by itself when both do not fit open, until the person opens or folds it.
let rightCorner = { layers: null, legend: null, autoFold: true };

export function addLegend(map, title, entries) {
  const Legend = L.Control.extend({
    onAdd() {
      const div = L.DomUtil.create('div', 'legend leaflet-bar');
      const rows = el('div', { class: 'legend-rows' },
        ...entries.map((e) => el('div', { class: 'legend-row' }, e.swatch, el('span', {}, e.label))));
      const toggle = el('button', { type: 'button', class: 'legend-toggle' }, title);
      setFolded(div, toggle, rows, false);
      toggle.addEventListener('click', () => {
        rightCorner.autoFold = false;
        setFolded(div, toggle, rows, !rows.hidden);
        fitRightCorner(map);
      });
      div.append(el('h4', {}, toggle), rows);
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    },
  });
  const legend = new Legend({ position: 'bottomright' }).addTo(map);
  rightCorner.legend = legend.getContainer();
  // The map's height changes as the page lays out (panels mount after the map) and with the window;
  // Leaflet only notices window resizes, so the container itself is watched.
  new ResizeObserver(() => fitRightCorner(map)).observe(map.getContainer());
  fitRightCorner(map);
  return legend;
}

function setFolded(div, toggle, rows, folded) {
  rows.hidden = folded;
  div.classList.toggle('folded', folded);
  toggle.setAttribute('aria-expanded', String(!folded));
}

/** The layer switcher: base maps and every overlay the layers declare. */
export function addLayerControl(map, baseLayers, overlays) {
  const named = {};
  for (const o of overlays) named[o.label] = o.layer;
  // On a phone the open switcher would take half the map: it folds to Leaflet's layers button there.
  const collapsed = map.getSize().x < PHONE_MAP_WIDTH_PX;
  const control = L.control.layers(baseLayers, named, { collapsed, position: 'topright' }).addTo(map);
  rightCorner.layers = control.getContainer();
  fitRightCorner(map);
  return control;
}

/** The map's height as laid out now (Leaflet's getSize() is only updated on window resizes). */
function mapHeight(map) {
  return map.getContainer().clientHeight;
}

/** Whether the switcher's whole list and the open legend fit one above the other. */
function bothFitOpen(map) {
  const { layers, legend } = rightCorner;
  const list = layers.querySelector('.leaflet-control-layers-list') || layers;
  const chrome = layers.offsetHeight - list.offsetHeight;
  return chrome + list.scrollHeight + legend.offsetHeight + 3 * GAP_PX <= mapHeight(map);
}

/**
 * Shares the right-hand side of the map: the legend's rows get what the switcher's list (at least
 * MIN_LIST_PX of it) leaves, scrolling if they need more, and fold when not even a few rows fit; the
 * list then gets what the legend leaves. Leaflet alone sizes the list to the whole map height.
 */
export function fitRightCorner(map) {
  const { layers, legend } = rightCorner;
  if (!layers || !legend) return;
  const height = mapHeight(map);
  const list = layers.querySelector('.leaflet-control-layers-list') || layers;
  const rows = legend.querySelector('.legend-rows');
  const toggle = legend.querySelector('.legend-toggle');
  list.style.maxHeight = '';
  list.style.overflowY = '';
  rows.style.maxHeight = '';
  if (rightCorner.autoFold) {
    setFolded(legend, toggle, rows, false);
    setFolded(legend, toggle, rows, !bothFitOpen(map));
  }
  const chrome = layers.offsetHeight - list.offsetHeight;
  if (!rows.hidden) {
    const header = legend.offsetHeight - rows.offsetHeight;
    const minList = Math.min(list.scrollHeight, MIN_LIST_PX);
    const rowsRoom = height - chrome - minList - header - 3 * GAP_PX;
    if (rowsRoom < MIN_ROWS_PX) {
      setFolded(legend, toggle, rows, true);
    } else if (rows.scrollHeight > rowsRoom) {
      rows.style.maxHeight = `${rowsRoom}px`;
    }
  }
  const listRoom = height - legend.offsetHeight - chrome - 3 * GAP_PX;
  if (list.scrollHeight > listRoom) {
    list.style.maxHeight = `${Math.max(listRoom, 40)}px`;
    list.style.overflowY = 'auto';
  }
}
