// The case loop on the map page (issue 21): filters for the case layer, the work list of the
// signed-in person (a dispatcher's queue, most urgent first; a handler's cases of its department),
// hotline entry by staff, and the chosen case with its timeline (panels/case-detail.js).
import * as caseApi from '../case-api.js';
import { byUrgency, caseLonLat, className, departmentName, listItems, SOURCES, STATUSES, urgencyOf } from '../lib/cases.js';
import { el, replaceChildren } from '../lib/dom.js';
import { addCard, button, element, field } from './cards.js';
import { createCaseDetail } from './case-detail.js';
import { openHotlineForm } from './hotline-form.js';

/** How many cases a work list shows; the rest are on the map and in the queue's next page. */
const LIST_LIMIT = 50;

export function roleOf(session) {
  const roles = (session && session.roles) || [];
  if (roles.includes('admin') || roles.includes('dispatcher')) return 'dispatcher';
  if (roles.includes('handler')) return 'handler';
  return 'reader';
}

export function mountCasePanel(ctx, sidebar) {
  const { t } = ctx;
  const layer = ctx.layers.cases;
  const role = roleOf(ctx.session);
  const body = addCard(sidebar, 'case-panel', t('panel.cases'));
  const lookups = { classes: [], departments: [] };

  // --- filters ----------------------------------------------------------------------------------
  const select = (name, options) => {
    const s = element('select', { name });
    s.append(element('option', { value: '' }, t('case.filter.all')));
    for (const [value, label] of options) s.append(element('option', { value }, label));
    return s;
  };
  const status = select('case-status', [['open', t('case.filter.open')], ...STATUSES.map((s) => [s, t(`case.status.${s}`)])]);
  const classSelect = select('case-class', []);
  const department = select('case-department', []);
  const source = select('case-source', SOURCES.map((s) => [s, t(`case.source.${s}`)]));
  const from = element('input', { type: 'date', name: 'case-from' });
  const to = element('input', { type: 'date', name: 'case-to' });
  const overdue = element('input', { type: 'checkbox', name: 'case-overdue' });
  const overdueLabel = element('label', { class: 'checkbox' });
  overdueLabel.append(overdue, document.createTextNode(` ${t('case.filter.overdue')}`));
  const count = el('p', { class: 'help case-count', 'aria-live': 'polite' });
  const filters = el('details', { class: 'case-filters' }, el('summary', {}, t('case.filters')),
    el('div', { class: 'case-filter-grid' }, field(t('case.status'), status), field(t('case.class'), classSelect),
      field(t('case.department'), department), field(t('case.source'), source),
      field(t('case.from'), from), field(t('case.to'), to)), overdueLabel);

  function filterValues() {
    return {
      // "open" is every status with a running deadline: the service's status filter takes a list.
      status: status.value === 'open' ? 'reported,registered,dispatched,handled,verified' : status.value,
      classCode: classSelect.value, department: department.value, source: source.value,
      from: from.value, to: to.value, overdue: overdue.checked,
    };
  }
  const applyFilters = () => layer.setFilters(filterValues());
  filters.addEventListener('change', applyFilters);

  // --- the work list ----------------------------------------------------------------------------
  const listTitle = el('h3', { class: 'case-list-title' }, t(role === 'dispatcher' ? 'case.queue' : role === 'handler' ? 'case.mine' : 'case.list'));
  const list = el('ol', { class: 'case-list', id: 'case-list' });
  const listNote = el('p', { class: 'help', hidden: true });
  const refresh = button(t('case.refresh'), { 'data-action': 'case-refresh', class: 'link-button' });
  const hotline = role === 'dispatcher' ? button(t('case.hotline'), { 'data-action': 'case-hotline' }) : null;
  const hotlineBox = el('div', { class: 'case-hotline', hidden: true });
  const detail = el('section', { class: 'case-detail', id: 'case-detail', hidden: true, 'aria-live': 'polite' });

  body.append(filters, count, el('div', { class: 'case-list-head' }, listTitle, refresh), listNote, list,
    hotline ? el('div', { class: 'form-buttons' }, hotline) : null, hotlineBox, detail);

  const details = createCaseDetail(ctx, detail, lookups);
  const classLabel = (code) => className(lookups.classes.find((c) => c.code === code), ctx.language) || code;

  async function loadList() {
    if (role === 'reader') { listTitle.hidden = true; list.hidden = true; refresh.hidden = true; return; }
    let answer;
    try {
      answer = role === 'dispatcher' ? await caseApi.getQueue({ size: LIST_LIMIT }) : await caseApi.getMine({ size: LIST_LIMIT });
      listNote.hidden = true;
    } catch (e) {
      listNote.textContent = e.message;
      listNote.hidden = false;
      replaceChildren(list);
      return;
    }
    const items = listItems(answer);
    // The queue comes sorted by the service; a handler's list is sorted here the same way.
    const rows = role === 'dispatcher' ? items : byUrgency(items, Date.now());
    replaceChildren(list, rows.length === 0 ? el('li', { class: 'case-list-empty' }, t('case.listEmpty')) : rows.slice(0, LIST_LIMIT).map((c) => {
      const urgency = urgencyOf(c, Date.now());
      const li = el('li', { class: `case-row urgency-${urgency}`, tabindex: '0', dataset: { caseId: c.id, status: c.status, urgency } },
        el('span', { class: `case-dot urgency-${urgency} status-${c.status}` }),
        el('span', { class: 'case-row-main' }, el('strong', {}, c.number || `#${c.id}`), ' ', classLabel(c.classCode)),
        el('span', { class: 'case-row-status' }, t(`case.status.${c.status}`)));
      const open = () => {
        layer.select(c.id);
        const lonLat = caseLonLat(c);
        if (lonLat) layer.show(lonLat);
      };
      li.addEventListener('click', open);
      li.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
      return li;
    }));
  }
  refresh.addEventListener('click', () => { loadList(); layer.refresh(); });

  hotline?.addEventListener('click', async () => {
    hotline.disabled = true;
    const created = await openHotlineForm(ctx, hotlineBox, lookups);
    hotline.disabled = false;
    if (created) {
      ctx.emit('cases-changed', { id: created.id, action: 'report' });
      layer.select(created.id);
    }
  });

  ctx.on('case-selected', ({ id }) => {
    for (const row of list.querySelectorAll('.case-row')) row.classList.toggle('selected', row.dataset.caseId === String(id));
    details.show(id);
  });
  ctx.on('cases-changed', () => { loadList(); layer.refresh(); });
  ctx.on('cases-loaded', ({ count: n, truncated, problem }) => {
    count.textContent = problem ? problem : t(truncated ? 'case.countTruncated' : 'case.count', { count: n });
    count.classList.toggle('form-error', Boolean(problem));
  });

  // Classes and departments name the filters, the list and the dispatch picker.
  Promise.all([caseApi.getCaseClasses().catch(() => []), caseApi.getDepartments().catch(() => [])]).then(([classes, departments]) => {
    lookups.classes = Array.isArray(classes) ? classes : classes.classes || [];
    lookups.departments = Array.isArray(departments) ? departments : departments.departments || [];
    for (const c of lookups.classes) classSelect.append(element('option', { value: c.code }, className(c, ctx.language)));
    for (const d of lookups.departments) department.append(element('option', { value: d.code }, departmentName(d, ctx.language)));
    loadList();
  });
  applyFilters();
}

