// Open311 API keys on the admin page: the issued keys (never the keys themselves), issuing one for a
// partner (the key is shown once, right here) and revoking one.
import * as adminApi from '../admin-api.js';
import { currentLanguage, t } from '../i18n.js';
import { formatDateTime } from '../lib/district-time.js';
import { el, replaceChildren } from '../lib/dom.js';

/** `zone`: the district's time zone, in which the keys' times are shown. */
export function mountOpen311Keys(section, toast, zone) {
  const when = (iso) => formatDateTime(iso, currentLanguage(), zone);
  const rows = el('tbody');
  const name = el('input', { name: 'partner', autocomplete: 'off', maxlength: '200' });
  const issue = el('button', { type: 'submit', class: 'primary', 'data-action': 'issue-key' }, t('admin.open311.issue'));
  const error = el('p', { class: 'form-error', role: 'alert', hidden: true });
  const issued = el('div', { class: 'issued-key', id: 'issued-key', hidden: true });
  const form = el('form', { class: 'inline-form', id: 'open311-key-form' },
    el('label', { class: 'field' }, el('span', {}, t('admin.open311.name')), name), issue);
  section.append(
    el('p', { class: 'help' }, t('admin.open311.help')),
    el('table', { class: 'account-table', id: 'open311-key-table' },
      el('thead', {}, el('tr', {}, ...['name', 'prefix', 'createdBy', 'createdAt', 'lastUsedAt', 'status']
        .map((c) => el('th', {}, t(`admin.open311.${c}`))), el('th'))),
      rows),
    form, error, issued);

  async function refresh() {
    const keys = await adminApi.getOpen311Keys();
    replaceChildren(rows, keys.length === 0
      ? el('tr', {}, el('td', { colspan: '7' }, t('admin.open311.empty')))
      : keys.map((k) => {
        const revoke = k.revokedAt ? null : el('button', { type: 'button', 'data-action': 'revoke-key' }, t('admin.open311.revoke'));
        revoke?.addEventListener('click', async () => {
          if (!window.confirm(t('admin.open311.confirmRevoke', { name: k.name }))) return;
          try {
            await adminApi.revokeOpen311Key(k.id);
            toast(t('admin.open311.revokedToast'));
            await refresh();
          } catch (e) {
            toast(e.message, 'error');
          }
        });
        return el('tr', { dataset: { keyId: k.id, revoked: Boolean(k.revokedAt) } },
          el('td', { class: 'key-name' }, k.name), el('td', {}, el('code', {}, `${k.prefix}…`)), el('td', {}, k.createdBy),
          el('td', {}, when(k.createdAt)), el('td', {}, k.lastUsedAt ? when(k.lastUsedAt) : t('admin.open311.never')),
          el('td', { class: 'key-status' }, k.revokedAt ? t('admin.open311.revoked', { at: when(k.revokedAt) }) : t('admin.open311.live')),
          el('td', {}, revoke));
      }));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    issue.disabled = true;
    try {
      const answer = await adminApi.issueOpen311Key(name.value);
      // The key leaves the service this once: show it with a copy button; it is not kept in the page.
      const value = el('input', { class: 'issued-key-value', readonly: true, value: answer.key, 'aria-label': t('admin.open311.issued', { name: answer.name }) });
      const copy = el('button', { type: 'button', 'data-action': 'copy-key' }, t('admin.open311.copy'));
      copy.addEventListener('click', async () => {
        value.select();
        try { await navigator.clipboard.writeText(answer.key); toast(t('admin.open311.copied')); } catch { /* selected for Ctrl+C */ }
      });
      replaceChildren(issued, el('p', {}, t('admin.open311.issued', { name: answer.name })), value, copy);
      issued.hidden = false;
      name.value = '';
      await refresh();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      issue.disabled = false;
    }
  });
  return refresh();
}
