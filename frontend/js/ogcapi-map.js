// The map of the OGC API's HTML pages (org.gridwatch.ogcapi.HtmlPages): a classic script after
// leaflet.js, since the CSP allows no inline script. The page hands over its GeoJSON in #map's
// data-geojson attribute, or the URL to read it from in data-geojson-url. Names reach the popups as text.
(function () {
  'use strict';
  const element = document.getElementById('map');
  if (!element || !window.L) return;
  const L = window.L;
  const map = L.map(element);
  L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
    maxZoom: 19, attribution: '&copy; OpenStreetMap contributors',
  }).addTo(map);
  map.setView([22.54, 114.06], 12);

  function show(data) {
    const layer = L.geoJSON(data, {
      style: { weight: 2 },
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 5 }),
      onEachFeature: (f, l) => {
        if (f.id === undefined) return;
        const label = document.createElement('span');
        label.textContent = `${f.properties && f.properties.name ? `${f.properties.name} ` : ''}(${f.id})`;
        l.bindPopup(label);
      },
    }).addTo(map);
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { maxZoom: 18 });
    element.dataset.features = String(layer.getLayers().length);
  }

  if (element.dataset.geojson) {
    show(JSON.parse(element.dataset.geojson));
  } else if (element.dataset.geojsonUrl) {
    fetch(element.dataset.geojsonUrl, { headers: { Accept: 'application/geo+json' } })
      .then((r) => r.json()).then(show);
  }
}());
