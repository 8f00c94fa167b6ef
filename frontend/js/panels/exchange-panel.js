// Data exchange with the city's GIS: an export dialog (layer, type, format, coordinate system, encoding)
// and an import dialog (file, layer, coordinate system, encoding, for streets whether to add them or
// replace those within the district outline, a preview with the detected system, encoding and count,
// an editable field mapping and the problems found, then the import). Both run as jobs on the service,
// shown as a progress bar with a cancel button.
import * as api from '../api.js';
import { addCard, button, element, field } from './cards.js';

const EXPORT_LAYERS = ['large_grids', 'small_grids', 'streets', 'features', 'district_outline', 'coverage', 'topology', 'routes', 'hotspots'];
const IMPORT_LAYERS = ['large_grids', 'small_grids', 'streets', 'features', 'district_outline'];
const FORMATS = [['shapefile', 'Shapefile (.zip)'], ['geopackage', 'GeoPackage (.gpkg)'], ['geojson', 'GeoJSON'],
  ['csv', 'CSV'], ['kml', 'KML']];
/** Properties an import can fill, per layer (as the service's field mapping takes them). */
const PROPERTIES = {
  features: ['type', 'name', 'code', 'address', 'status', 'attributes'],
  streets: ['name', 'class'],
  large_grids: ['code', 'name', 'parentCode', 'responsiblePerson', 'phone'],
  small_grids: ['code', 'name', 'parentCode', 'responsiblePerson', 'phone'],
  district_outline: ['name'],
};
/** How often a running job is asked for its progress. */
const POLL_MILLIS = 300;

function select(options, attributes = {}) {
  const el = element('select', attributes);
  for (const [value, label] of options) el.append(element('option', { value }, label));
  return el;
}

/**
 * A progress bar with a status line and a cancel button for one job at a time. run(start) starts a job
 * with start(), follows it until it ends and resolves with its last status.
 */
function jobView(t, prefix) {
  const box = element('div', { class: 'exchange-job', 'data-job': prefix, hidden: true });
  const bar = element('progress', { max: '1', value: '0' });
  const line = element('span', { class: 'exchange-job-state' });
  const cancel = button(t('exchange.cancel'), { 'data-action': `${prefix}-cancel` });
  box.append(bar, line, cancel);
  let current = null;
  cancel.addEventListener('click', async () => {
    if (current) await api.cancelExchangeJob(current);
  });

  function show(status) {
    box.dataset.state = status.state;
    if (status.total > 0) {
      bar.max = status.total;
      bar.value = status.done;
    } else if (status.state === 'done') {
      bar.max = 1;
      bar.value = 1;
    } else if (status.state === 'failed' || status.state === 'cancelled') {
      // A finished job that did nothing: an empty bar, not the endless "working" animation.
      bar.max = 1;
      bar.value = 0;
    } else {
      bar.removeAttribute('value');
    }
    if (status.state === 'running') {
      line.textContent = status.total > 0 ? t('exchange.state.running', { done: status.done, total: status.total })
        : t('exchange.state.runningUnknown', { done: status.done });
    } else if (status.state === 'failed') {
      line.textContent = t('exchange.state.failed', { detail: status.error ? status.error.detail : '' });
    } else {
      line.textContent = t(`exchange.state.${status.state}`);
    }
    cancel.hidden = status.state !== 'queued' && status.state !== 'running';
  }

  async function run(start) {
    box.hidden = false;
    let status;
    try {
      status = await start();
    } catch (e) {
      // Refused before any job existed (an upload over the limit, a bad parameter): the line says
      // why, and there is nothing to follow or cancel.
      const detail = e instanceof api.ApiError ? e.message : t('exchange.connectionLost');
      status = { state: 'failed', done: 0, total: 0, error: { ...(e.problem || {}), detail } };
      show(status);
      return status;
    }
    current = status.id;
    show(status);
    while (status.state === 'queued' || status.state === 'running') {
      await new Promise((resolve) => { setTimeout(resolve, POLL_MILLIS); });
      status = await api.getExchangeJob(status.id);
      show(status);
    }
    current = null;
    return status;
  }
  return { element: box, run };
}

export function mountExchangePanel(ctx, sidebar) {
  const { t } = ctx;
  const body = addCard(sidebar, 'exchange-panel', t('panel.exchange'));
  const typeOptions = ctx.featureTypes.map((ft) => [ft.key, ctx.featureTypeLabel(ft.key)]);

  // ---- export ----
  const exLayer = select(EXPORT_LAYERS.map((l) => [l, t(`exchange.layer.${l}`)]), { name: 'export-layer' });
  exLayer.value = 'features';
  const exType = select([['', t('exchange.type.all')], ...typeOptions], { name: 'export-type' });
  const exTypeField = field(t('exchange.type'), exType);
  const exFormat = select(FORMATS, { name: 'export-format' });
  const exCrs = select([['EPSG:4326', 'WGS84 (EPSG:4326)'], ['EPSG:4490', 'CGCS2000 (EPSG:4490)'],
    ['GK', t('exchange.crs.gk')]], { name: 'export-crs' });
  const exEncoding = select([['UTF-8', 'UTF-8'], ['GBK', 'GBK']], { name: 'export-encoding' });
  const exStart = button(t('exchange.start'), { class: 'primary', 'data-action': 'export-start' });
  const exJob = jobView(t, 'export');
  const exLink = element('a', { class: 'exchange-download', hidden: true });
  const syncExport = () => {
    exTypeField.hidden = !['features', 'coverage', 'hotspots'].includes(exLayer.value);
    if (exLayer.value === 'coverage' && !exType.value) exType.value = 'rat_bait_station';
  };
  exLayer.addEventListener('change', syncExport);
  syncExport();
  body.append(element('h3', {}, t('exchange.export')), field(t('exchange.layer'), exLayer), exTypeField,
    field(t('exchange.format'), exFormat), field(t('exchange.crs'), exCrs), field(t('exchange.encoding'), exEncoding),
    exStart, exJob.element, exLink);

  exStart.addEventListener('click', async () => {
    exStart.disabled = true;
    exLink.hidden = true;
    try {
      const status = await exJob.run(() => api.startExportJob({
        layer: exLayer.value, format: exFormat.value, crs: exCrs.value, encoding: exEncoding.value,
        type: exTypeField.hidden ? undefined : exType.value,
      }));
      if (status.state === 'done') {
        exLink.href = api.exchangeJobDownloadUrl(status);
        exLink.setAttribute('download', status.result.fileName);
        exLink.textContent = t('exchange.download', { file: status.result.fileName });
        exLink.hidden = false;
        exLink.click();
      }
    } catch (e) {
      ctx.toast(e.message, 'error');
    } finally {
      exStart.disabled = false;
    }
  });

  // ---- import ----
  const imFile = element('input', { type: 'file', name: 'import-file', accept: '.zip,.geojson,.json,.gpkg,.csv,.txt,.kml' });
  const imLayer = select(IMPORT_LAYERS.map((l) => [l, t(`exchange.layer.${l}`)]), { name: 'import-layer' });
  imLayer.value = 'features';
  const imCrs = select([['', t('exchange.crs.auto')], ['EPSG:4326', 'WGS84 (EPSG:4326)'],
    ['EPSG:4490', 'CGCS2000 (EPSG:4490)'], ['GCJ-02', t('exchange.crs.gcj02')], ['BD-09', t('exchange.crs.bd09')],
    ['EPSG:3857', 'Web Mercator (EPSG:3857)'],
    ...Array.from({ length: 21 }, (_, i) => [`EPSG:${4534 + i}`, `CGCS2000 GK CM ${75 + 3 * i}E (EPSG:${4534 + i})`])],
  { name: 'import-crs' });
  const imEncoding = select([['', t('exchange.encoding.auto')], ['UTF-8', 'UTF-8'], ['GBK', 'GBK']],
    { name: 'import-encoding' });
  const imType = select([['', '—'], ...typeOptions], { name: 'import-type' });
  const imTypeField = field(t('exchange.type.default'), imType);
  // Streets only: add the file's streets (the default), or make the file the district's street network.
  const imMode = element('fieldset', { class: 'exchange-mode', hidden: true });
  imMode.append(element('legend', {}, t('streetimport.mode')));
  for (const value of ['append', 'replace-district']) {
    const label = element('label', { class: 'checkbox' });
    label.append(element('input', { type: 'radio', name: 'import-mode', value, checked: value === 'append' }),
      document.createTextNode(` ${t(`streetimport.${value}`)}`));
    imMode.append(label);
  }
  const imModeHint = element('p', { class: 'exchange-mode-hint', hidden: true }, t('streetimport.replaceHint'));
  imMode.append(imModeHint);
  const replacing = () => imLayer.value === 'streets'
    && imMode.querySelector('input[name=import-mode]:checked')?.value === 'replace-district';
  imMode.addEventListener('change', () => {
    imModeHint.hidden = !replacing();
    // What the import deletes depends on the mode: the preview's counts must be asked again.
    imStart.disabled = true;
  });
  const imPreview = button(t('exchange.preview'), { 'data-action': 'import-preview' });
  const imJob = jobView(t, 'import');
  const preview = element('div', { class: 'exchange-preview', hidden: true });
  const summary = element('p', { class: 'exchange-summary' });
  const streetCounts = element('p', { class: 'exchange-street-counts', hidden: true });
  const mappingTable = element('table', { class: 'exchange-mapping' });
  const problems = element('ul', { class: 'exchange-problems' });
  const problemsTitle = element('p', { class: 'exchange-problems-title' });
  const imStart = button(t('exchange.importNow'), { class: 'primary', 'data-action': 'import-start', disabled: true });
  const imResult = element('p', { class: 'exchange-result', hidden: true });
  preview.append(summary, streetCounts, element('h3', {}, t('exchange.mapping')), mappingTable, problemsTitle, problems);
  body.append(element('h3', {}, t('exchange.import')), field(t('exchange.file'), imFile),
    field(t('exchange.layer'), imLayer), imTypeField, imMode, field(t('exchange.crs'), imCrs),
    field(t('exchange.encoding'), imEncoding), imPreview, preview, imStart, imJob.element, imResult);
  imLayer.addEventListener('change', () => {
    imTypeField.hidden = imLayer.value !== 'features';
    imMode.hidden = imLayer.value !== 'streets';
    imModeHint.hidden = !replacing();
    imStart.disabled = true;
  });

  /** The mapping the table holds: only the fields the user set explicitly ("FIELD:property,..."). */
  function mappingParam() {
    return [...mappingTable.querySelectorAll('select')]
      .filter((s) => s.value).map((s) => `${s.dataset.field}:${s.value}`).join(',');
  }

  function params(dryRun) {
    return {
      layer: imLayer.value, crs: imCrs.value, encoding: imEncoding.value, dryRun,
      type: imLayer.value === 'features' ? imType.value : undefined, mapping: mappingParam() || undefined,
      ...(replacing() ? { mode: 'replace', area: 'district' } : {}),
    };
  }

  function showPreview(result) {
    summary.textContent = t('exchange.preview.summary', {
      count: result.count, crs: result.crs, encoding: result.encoding, geometry: result.geometryType,
    });
    const properties = PROPERTIES[result.layer] || [];
    const head = element('tr');
    head.append(element('th', {}, t('exchange.mapping.field')), element('th', {}, t('exchange.mapping.property')));
    const rows = [head];
    for (const [fieldName, property] of Object.entries(result.mapping || {})) {
      const choice = select([['', t('exchange.mapping.auto')], ...properties.map((p) => [p, p])],
        { 'data-field': fieldName });
      // A field the service mapped to a property shows it; the user changes it here.
      if (properties.includes(property)) choice.value = property;
      choice.addEventListener('change', () => { imStart.disabled = true; });
      const tr = element('tr', { 'data-field': fieldName });
      const td = element('td');
      td.append(choice);
      tr.append(element('td', {}, fieldName), td);
      rows.push(tr);
    }
    mappingTable.replaceChildren(...rows);
    // Streets: what the import will do with them (recognised streets are not added twice).
    streetCounts.hidden = !result.streets;
    if (result.streets) streetCounts.textContent = t('streetimport.preview', result.streets);
    showProblems(result.invalidCount || 0, result.problems || []);
    preview.hidden = false;
    imStart.disabled = (result.invalidCount || 0) > 0;
  }

  function showProblems(count, list) {
    problemsTitle.textContent = count > 0 ? t('exchange.problems', { count }) : t('exchange.noProblems');
    problemsTitle.dataset.count = String(count);
    problems.replaceChildren(...list.map((p) => element('li', { 'data-index': String(p.index) },
      t('exchange.problem', { index: p.index, detail: p.detail }))));
  }

  async function runImport(dryRun) {
    const file = imFile.files[0];
    if (!file) {
      ctx.toast(t('exchange.noFile'), 'error');
      return;
    }
    imPreview.disabled = true;
    imStart.disabled = true;
    imResult.hidden = true;
    try {
      const status = await imJob.run(() => api.startImportJob(file, params(dryRun)));
      if (status.state === 'done' && dryRun) {
        showPreview(status.result);
      } else if (status.state === 'done') {
        imResult.textContent = status.result.streets ? t('streetimport.done', status.result.streets)
          : t('exchange.imported', { count: status.result.stored });
        imResult.hidden = false;
        preview.hidden = true;
        // The layers redraw what was just stored, as after an edit on the map.
        if (imLayer.value === 'features') ctx.emit('features-changed', {});
        else if (imLayer.value === 'streets') ctx.layers.streets?.refresh?.();
        else ctx.emit('grids-changed', {});
      } else if (status.state === 'failed' && status.error && status.error.errors) {
        showProblems(status.error.invalidCount || status.error.errors.length, status.error.errors);
        preview.hidden = false;
      }
    } catch (e) {
      ctx.toast(e.message, 'error');
    } finally {
      imPreview.disabled = false;
    }
  }

  imPreview.addEventListener('click', () => runImport(true));
  imStart.addEventListener('click', () => runImport(false));
  imFile.addEventListener('change', () => {
    preview.hidden = true;
    imStart.disabled = true;
    mappingTable.replaceChildren();
  });
}
