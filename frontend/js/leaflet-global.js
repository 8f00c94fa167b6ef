// The one Leaflet instance of the page: leaflet.js (loaded by index.html as a classic script) and
// Leaflet.draw, which patched it. Modules import it as `import L from 'leaflet'`.
const L = window.L;
if (!L || !L.Draw) {
  throw new Error('Leaflet and Leaflet.draw must be loaded before the modules (see index.html)');
}
export default L;
