// The legend: one line per entry the layers declare ({ swatch: element(s), label: text }).
import L from '../leaflet-global.js';
import { el } from '../lib/dom.js';

export function addLegend(map, title, entries) {
  const Legend = L.Control.extend({
    onAdd() {
      const div = L.DomUtil.create('div', 'legend leaflet-bar');
      div.append(el('h4', {}, title), ...entries.map((e) => el('div', { class: 'legend-row' }, e.swatch, el('span', {}, e.label))));
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    },
  });
  return new Legend({ position: 'bottomright' }).addTo(map);
}

/** The layer switcher: base maps and every overlay the layers declare. */
export function addLayerControl(map, baseLayers, overlays) {
  const named = {};
  for (const o of overlays) named[o.label] = o.layer;
  return L.control.layers(baseLayers, named, { collapsed: false, position: 'topright' }).addTo(map);
}
