// Reports in the map's sidebar for admins, dispatchers, vector control and viewers: the work summary of the
// month so far, the case evaluation page (综合评价: table, chart, CSV) and the monthly ranking bulletin
// (通报, page or Word) of a chosen month. Admins also
// see here when the working calendar lacks a year's holidays (HolidayNotice), with a link to enter them.
import { getWorkCalendar } from '../admin-api.js';
import { summaryPageUrl } from '../api.js';
import { dateInZone, firstOfMonth, monthsUpTo } from '../lib/district-time.js';
import { el } from '../lib/dom.js';
import { addCard } from './cards.js';

const ROLES = ['admin', 'dispatcher', 'vector_control', 'viewer'];

export function mountReportsPanel(ctx, sidebar) {
  const { t, session } = ctx;
  const roles = (session && session.roles) || [];
  if (!session.authenticated || !roles.some((r) => ROLES.includes(r))) return;
  const body = addCard(sidebar, 'reports-panel', t('reports.title'));

  // Today, this month and this year at the district's clock: the periods the service counts in its zone.
  const today = dateInZone(new Date(), ctx.config?.timeZone);
  const summary = el('a', { href: summaryPageUrl({ from: firstOfMonth(today), to: today, lang: ctx.language === 'en' ? 'en' : 'zh' }),
    target: '_blank', rel: 'noopener', class: 'report-link', 'data-action': 'report-summary' }, t('workspace.reportSummary'));
  const evaluation = el('a', { href: 'evaluation.html', class: 'report-link', 'data-action': 'open-evaluation' }, t('reports.evaluation'));
  const months = monthsUpTo(today, 12);
  const month = el('select', { name: 'bulletin-month', 'aria-label': t('reports.month') },
    ...months.map((m) => el('option', { value: m }, m)));
  // The bulletin of the month just ended is the one a street office reads out (每月一通报).
  month.value = months[1];
  const bulletin = el('a', { class: 'report-link', target: '_blank', rel: 'noopener', 'data-action': 'open-bulletin' }, t('reports.bulletin'));
  const docx = el('a', { class: 'report-link', 'data-action': 'bulletin-docx' }, t('reports.bulletinDocx'));
  const setMonth = () => {
    const m = encodeURIComponent(month.value);
    bulletin.href = `ranking-bulletin.html?month=${m}`;
    docx.href = `api/ranking/bulletin.docx?month=${m}`;
  };
  month.addEventListener('change', setMonth);
  setMonth();
  body.append(el('p', {}, summary), el('p', {}, evaluation), el('p', { class: 'help' }, t('reports.evaluationHelp')),
    el('div', { class: 'report-bulletin' }, el('label', { class: 'field' }, el('span', {}, t('reports.month')), month),
      el('p', {}, bulletin, ' · ', docx)));

  if (roles.includes('admin')) {
    const notice = el('p', { class: 'form-error holiday-notice', id: 'map-holiday-notice', role: 'status', hidden: true });
    body.append(notice);
    getWorkCalendar(Number(today.slice(0, 4))).then((calendar) => {
      const missing = calendar.missingHolidayYears || [];
      if (missing.length === 0) return;
      notice.append(t('reports.holidaysMissing', { years: missing.join(ctx.language === 'en' ? ', ' : '、') }), ' ',
        el('a', { href: 'admin.html#calendar' }, t('admin.calendar.missingLink')));
      notice.hidden = false;
    }).catch(() => { /* the notice is a hint; the admin page shows it too */ });
  }
}
