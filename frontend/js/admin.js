// The admin page: every account in a table; a form to create one or change one (roles, linked small
// grids for grid workers, a new password); enable, disable and delete. Below: Open311 keys, the
// ranking's scoring checklist and the working calendar's holidays (js/admin/).
import * as api from './api.js';
import { currentLanguage, loadLanguage, switchLanguage, t, translate } from './i18n.js';
import { button, element, field } from './panels/cards.js';
import { mountOpen311Keys } from './admin/open311-keys.js';
import { mountChecklist } from './admin/checklist.js';
import { mountHolidays } from './admin/holidays.js';

const ROLES = ['admin', 'planner', 'vector_control', 'grid_worker', 'viewer', 'dispatcher', 'handler'];
let editing = null; // the username being changed, or null while creating

async function start() {
  await loadLanguage();
  translate();
  document.getElementById('lang-switch')
    .addEventListener('click', () => switchLanguage(currentLanguage() === 'en' ? 'zh-CN' : 'en'));
  await api.getSession();
  // The district's time zone: this year and the keys' times are the district's, not the browser's.
  const zone = (await api.getMapConfig()).timeZone;
  buildForm();
  await refresh();
  // The district's other tables an admin keeps (issue 21): partner keys, the scoring checklist, holidays.
  const body = (id) => document.querySelector(`#${id} .card-body`);
  await Promise.all([
    mountOpen311Keys(body('open311'), toast, zone),
    mountChecklist(body('checklist'), toast),
    mountHolidays(body('calendar'), document.getElementById('holiday-notice'), toast, zone),
  ]);
  document.body.dataset.ready = 'true';
}

async function refresh() {
  const accounts = await api.getUsers();
  const body = document.querySelector('#account-table tbody');
  body.replaceChildren(...accounts.map(row));
}

function row(account) {
  const tr = element('tr', { 'data-username': account.username, class: account.enabled ? null : 'disabled' });
  tr.append(
    element('td', {}, account.username),
    element('td', {}, account.roles.map((r) => t(`role.${r}`)).join('、')),
    element('td', {}, account.gridCodes.join(', ')),
    element('td', {}, account.department || ''),
    element('td', {}, t(account.enabled ? 'accounts.enabled' : 'accounts.disabled')),
  );
  const actions = element('td');
  const edit = button(t('accounts.edit'), { 'data-action': 'edit' });
  edit.addEventListener('click', () => startEditing(account));
  const toggle = button(t(account.enabled ? 'accounts.disable' : 'accounts.enable'), { 'data-action': 'toggle' });
  toggle.addEventListener('click', () => act(() => api.updateUser(account.username, { enabled: !account.enabled })));
  const remove = button(t('accounts.delete'), { 'data-action': 'delete' });
  remove.addEventListener('click', () => {
    if (window.confirm(t('accounts.confirmDelete', { username: account.username }))) {
      act(() => api.deleteUser(account.username));
    }
  });
  actions.append(edit, ' ', toggle, ' ', remove);
  tr.append(actions);
  return tr;
}

function buildForm() {
  const form = document.getElementById('account-form');
  const roles = element('div', { class: 'role-choices' });
  for (const role of ROLES) {
    const box = element('input', { type: 'checkbox', name: 'roles', value: role });
    const label = element('label');
    label.append(box, ` ${t(`role.${role}`)}`);
    roles.append(label);
  }
  form.append(
    field(t('accounts.username'), element('input', { name: 'username', autocomplete: 'off', required: true })),
    field(t('accounts.password'), element('input', { name: 'password', type: 'password', autocomplete: 'new-password' })),
    rolesField(roles),
    field(t('accounts.gridCodesHint'), element('input', { name: 'gridCodes', placeholder: 'JNS-01-01, JNS-01-02' })),
    field(t('accounts.departmentHint'), element('input', { name: 'department', placeholder: 'sanitation' })),
    element('p', { class: 'form-error', hidden: true }),
  );
  const buttons = element('div', { class: 'form-buttons' });
  const save = button(t('accounts.save'), { class: 'primary', type: 'submit', 'data-action': 'account-save' });
  const cancel = button(t('accounts.cancel'), { 'data-action': 'account-cancel' });
  cancel.addEventListener('click', () => startEditing(null));
  buttons.append(save, cancel);
  form.append(buttons);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(form);
  });
}

/** Like field(), but a div: the checkboxes carry labels of their own, and labels must not nest. */
function rolesField(choices) {
  const wrapper = element('div', { class: 'field' });
  wrapper.append(element('span', {}, t('accounts.roles')), choices);
  return wrapper;
}

function startEditing(account) {
  editing = account ? account.username : null;
  const form = document.getElementById('account-form');
  form.reset();
  form.elements.username.value = account ? account.username : '';
  form.elements.username.readOnly = Boolean(account);
  form.elements.gridCodes.value = account ? account.gridCodes.join(', ') : '';
  form.elements.department.value = account && account.department ? account.department : '';
  form.querySelectorAll('input[name=roles]').forEach((box) => {
    box.checked = Boolean(account && account.roles.includes(box.value));
  });
  document.getElementById('account-form-title').textContent =
    t(account ? 'accounts.editTitle' : 'accounts.create', { username: account ? account.username : '' });
  form.querySelector('.form-error').hidden = true;
}

async function submit(form) {
  const roles = [...form.querySelectorAll('input[name=roles]:checked')].map((box) => box.value);
  const gridCodes = form.elements.gridCodes.value.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);
  const password = form.elements.password.value;
  // Only a handler names a department; the service refuses one on any other account.
  const department = roles.includes('handler') ? form.elements.department.value.trim() || null : null;
  const error = form.querySelector('.form-error');
  try {
    if (editing) {
      await api.updateUser(editing, { roles, gridCodes, department, ...(password ? { password } : {}) });
    } else {
      await api.createUser({ username: form.elements.username.value.trim(), password, roles, gridCodes, department });
    }
    startEditing(null);
    await refresh();
    toast(t('accounts.saved'));
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  }
}

async function act(change) {
  try {
    await change();
    await refresh();
  } catch (e) {
    toast(e.message, 'error');
  }
}

function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.className = kind;
  box.hidden = false;
  setTimeout(() => { box.hidden = true; }, kind === 'error' ? 8000 : 3500);
}

start().catch((e) => {
  console.error(e);
  toast(e.message, 'error');
});
