// The legend: one line per entry the layers declare ({ swatch: element(s), label: text }), and the
// layer switcher. Both sit in the map's right-hand corners, so they share its height: the legend folds
// to its title on a short map, and the switcher's list scrolls within what the legend leaves, so
// neither ever covers the other's controls (a 1366×768 laptop shows about 560 px of map).
import L from '../leaflet-global.js';
import { el } from '../lib/dom.js';

/** Maps shorter than this open with the legend folded. */
const FOLDED_BELOW_PX = 720;
/** Maps narrower than this (phones) show the layer switcher folded to its button. */
const PHONE_MAP_WIDTH_PX = 600;
/** Space kept between the two corners and around them (Leaflet's control margins). */
const GAP_PX = 10;
/** The switcher never gets less than this much list; below it the legend rows scroll instead. */
const MIN_LIST_PX = 96;

let rightCorner = { layers: null, legend: null };

export function addLegend(map, title, entries) {
  const Legend = L.Control.extend({
    onAdd() {
      const div = L.DomUtil.create('div', 'legend leaflet-bar');
      const rows = el('div', { class: 'legend-rows' },
        ...entries.map((e) => el('div', { class: 'legend-row' }, e.swatch, el('span', {}, e.label))));
      const toggle = el('button', { type: 'button', class: 'legend-toggle' }, title);
      const folded = map.getSize().y < FOLDED_BELOW_PX;
      setFolded(div, toggle, rows, folded);
      toggle.addEventListener('click', () => {
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
  map.on('resize', () => fitRightCorner(map));
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

/**
 * Gives the switcher's list the height the legend leaves it (Leaflet sizes it to the whole map), and
 * when even that is too little, lets the legend's rows scroll instead.
 */
export function fitRightCorner(map) {
  const { layers, legend } = rightCorner;
  if (!layers || !legend) return;
  const mapHeight = map.getSize().y;
  const list = layers.querySelector('.leaflet-control-layers-list') || layers;
  const rows = legend.querySelector('.legend-rows');
  list.style.maxHeight = '';
  list.style.overflowY = '';
  if (rows) rows.style.maxHeight = '';
  const legendHeight = legend.offsetHeight;
  const chrome = layers.offsetHeight - list.offsetHeight;
  let listRoom = mapHeight - legendHeight - chrome - 3 * GAP_PX;
  if (listRoom < MIN_LIST_PX && rows && !rows.hidden) {
    const rowsRoom = Math.max(40, rows.offsetHeight - (MIN_LIST_PX - listRoom));
    rows.style.maxHeight = `${rowsRoom}px`;
    listRoom = mapHeight - legend.offsetHeight - chrome - 3 * GAP_PX;
  }
  if (list.scrollHeight > listRoom) {
    list.style.maxHeight = `${Math.max(listRoom, 40)}px`;
    list.style.overflowY = 'auto';
  }
}
