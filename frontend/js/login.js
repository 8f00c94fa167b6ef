// The login page: a plain form posted to the service (which answers with a redirect to the map, or
// back here with ?error=credentials, or ?error=throttled&retry=N after too many failures), in the
// chosen language, carrying the CSRF token. A disabled account reads like a wrong password on purpose.
import * as api from './api.js';
import { currentLanguage, loadLanguage, switchLanguage, t, translate } from './i18n.js';

async function start() {
  await loadLanguage();
  translate();
  document.getElementById('lang-switch')
    .addEventListener('click', () => switchLanguage(currentLanguage() === 'en' ? 'zh-CN' : 'en'));
  const session = await api.getSession();
  if (session.authenticated) {
    window.location.replace('./');
    return;
  }
  const form = document.getElementById('login-form');
  const token = document.createElement('input');
  token.type = 'hidden';
  token.name = session.csrf.parameterName;
  token.value = session.csrf.token;
  form.append(token);
  form.querySelector('button[type=submit]').disabled = false;

  const params = new URLSearchParams(window.location.search);
  const message = document.getElementById('login-message');
  if (params.has('error')) {
    const retry = Number.parseInt(params.get('retry') ?? '', 10);
    message.textContent = params.get('error') === 'throttled'
      ? t('login.throttled', { seconds: Number.isFinite(retry) && retry > 0 ? retry : 1 })
      : t('login.failed');
    message.hidden = false;
  } else if (params.has('logout')) {
    message.textContent = t('login.loggedOut');
    message.className = 'login-message info';
    message.hidden = false;
  }
  document.body.dataset.ready = 'true';
}

start().catch((e) => {
  console.error(e);
  const message = document.getElementById('login-message');
  message.textContent = e.message;
  message.hidden = false;
});
