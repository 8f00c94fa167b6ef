// The one Leaflet instance of the page: leaflet.js (loaded by index.html as a classic script) and
// Leaflet.draw, which patched it. Modules import it by its relative path (`import L from
// '../leaflet-global.js'`): an import map naming 'leaflet' would be an inline script, which the
// Content-Security-Policy forbids.
const L = window.L;
if (!L || !L.Draw) {
  throw new Error('Leaflet and Leaflet.draw must be loaded before the modules (see index.html)');
}
export default L;
