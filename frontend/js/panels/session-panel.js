// Who is signed in, in the top bar: name and roles, the account page for admins, and sign-out
// (or sign-in when the service lets anyone read).
import * as api from '../api.js';
import { button, element } from './cards.js';

export function mountSessionPanel(ctx) {
  const { session, t } = ctx;
  const bar = element('div', { id: 'session-bar' });
  if (session.authenticated) {
    const roles = session.roles.map((role) => t(`role.${role}`)).join('、');
    bar.append(element('span', { class: 'session-user', title: roles }, `${session.username}（${roles}）`));
    if (session.roles.includes('admin')) {
      bar.append(element('a', { href: 'admin.html', class: 'session-link', 'data-action': 'accounts' }, t('session.accounts')));
    }
    const out = button(t('session.logout'), { class: 'session-button', 'data-action': 'logout' });
    out.addEventListener('click', () => api.logout());
    bar.append(out);
  } else {
    bar.append(element('a', { href: 'login.html', class: 'session-link', 'data-action': 'login' }, t('session.login')));
  }
  document.getElementById('lang-switch').before(bar);
}
