// The search box: grids by code or name, features by name; choosing an answer zooms to it.
import * as api from '../api.js';
import { getGrid } from '../grid-api.js';
import { element } from './cards.js';

const PAUSE_MILLIS = 250;

export function mountSearchPanel(ctx) {
  const { t } = ctx;
  const slot = document.getElementById('search-slot');
  const input = element('input', { id: 'search', type: 'search', placeholder: t('search.placeholder'), autocomplete: 'off', 'aria-label': t('search.placeholder') });
  const results = element('ul', { id: 'search-results', role: 'listbox', hidden: true });
  slot.append(input, results);

  let timer = null;
  let generation = 0;

  async function run() {
    const text = input.value.trim();
    const mine = ++generation;
    if (!text) { results.hidden = true; return; }
    let hits;
    try {
      hits = await api.search(text, 8);
    } catch (e) {
      hits = [];
      ctx.toast(e.message, 'error');
    }
    if (mine !== generation) return;
    results.replaceChildren();
    if (hits.length === 0) {
      results.append(element('li', { class: 'empty' }, t('search.none')));
    }
    for (const hit of hits) {
      const kind = hit.kind === 'grid' ? t(hit.sub === 'large' ? 'grid.large' : 'grid.small') : ctx.featureTypeLabel(hit.sub);
      const li = element('li', { role: 'option', tabindex: '0', 'data-kind': hit.kind, 'data-id': hit.id });
      li.append(element('strong', {}, hit.kind === 'grid' ? `${hit.id} ${hit.name}` : (hit.name || `#${hit.id}`)),
        element('span', { class: 'kind' }, kind));
      const choose = () => {
        results.hidden = true;
        if (hit.kind !== 'grid') { ctx.view.zoomTo(hit.bbox); return; }
        // A grid is shown by its own outline, as a click on it shows it.
        ctx.view.zoomTo(hit.bbox, { outline: false });
        // The outline is a courtesy after the zoom: a grid deleted meanwhile just is not outlined.
        getGrid(hit.id).then((feature) => ctx.layers.grids.flash(feature)).catch(() => {});
      };
      li.addEventListener('click', choose);
      li.addEventListener('keydown', (e) => { if (e.key === 'Enter') choose(); });
      results.append(li);
    }
    results.hidden = false;
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, PAUSE_MILLIS);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { clearTimeout(timer); run(); }
    if (e.key === 'Escape') results.hidden = true;
  });
}
