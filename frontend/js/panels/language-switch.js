// The language switch in the top bar: 中文 <-> English, remembered by i18n.js.
import { switchLanguage } from '../i18n.js';

export function mountLanguageSwitch(ctx) {
  const toggle = document.getElementById('lang-switch');
  toggle.addEventListener('click', () => switchLanguage(ctx.language === 'en' ? 'zh-CN' : 'en'));
}
