// Topology check: lists every problem the service finds (gaps in a large grid, overlaps, small
// grids outside their parent, ...); choosing a row zooms the map to it.
import { formatArea } from '../lib/format.js';
import { addCard, button, element } from './cards.js';

export function mountTopologyPanel(ctx, sidebar) {
  const { t, language } = ctx;
  const topology = ctx.layers.topology;
  const body = addCard(sidebar, 'topology-panel', t('panel.topology'));
  const check = button(t('topology.check'), { class: 'primary', 'data-action': 'topology-check' });
  const summary = element('p', { class: 'topology-summary', hidden: true });
  const list = element('ul', { class: 'topology-list', hidden: true });
  body.append(check, summary, list);

  check.addEventListener('click', async () => {
    check.disabled = true;
    try {
      await topology.load();
    } catch (e) {
      ctx.toast(e.message, 'error');
    } finally {
      check.disabled = false;
    }
  });

  ctx.on('topology-changed', ({ problems }) => {
    summary.textContent = problems.length === 0 ? t('topology.none') : t('topology.count', { count: problems.length });
    summary.hidden = false;
    list.replaceChildren(...problems.map((f, index) => {
      const p = f.properties;
      const li = element('li', { tabindex: '0', 'data-index': String(index), 'data-kind': p.kind });
      li.append(element('strong', {}, t(`topology.kind.${p.kind}`)),
        element('span', {}, p.featureId ? `#${p.featureId} ${ctx.featureTypeLabel(p.featureType)}`
          : [p.gridCode, p.otherGridCode].filter(Boolean).join(' / ')),
        element('span', { class: 'kind' }, p.areaM2 > 0 ? formatArea(p.areaM2, language) : ''));
      const choose = () => topology.focus(index);
      li.addEventListener('click', choose);
      li.addEventListener('keydown', (e) => { if (e.key === 'Enter') choose(); });
      return li;
    }));
    list.hidden = problems.length === 0;
  });
}
