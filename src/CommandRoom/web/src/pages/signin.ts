// Connexion: where the provider sends the browser back (?code=…&state=…, or ?error=…), where a session that ended
// lands (?expired=1, with the server's word in ?why=), and where sign-out ends (?state=signedout). One button signs in
// again and comes back to the page the session ended on.
import { topBar } from '../components/topbar';
import { notice } from '../components/notice';
import { h } from '../dom';
import { lang, t } from '../i18n';
import { completeSignIn, signIn, signInConfig } from '../session';

async function main(): Promise<void> {
  document.documentElement.lang = lang();
  const main = h('main', { id: 'main' }, h('h1', {}, t('signin.title')));
  document.body.replaceChildren(topBar(null, 'signin'), main);
  const query = new URLSearchParams(location.search);
  const config = await signInConfig();
  const returnTo = query.get('return') ?? '/app/recordings.html';

  if (config.mode !== 'oidc') {
    main.append(notice(t(query.has('expired') ? 'signin.tokenExpired' : 'signin.needed'), query.has('expired') ? 'error' : 'info'));
    return;
  }
  if (query.has('code') || query.has('error')) {
    main.append(notice(t('signin.going')));
    try {
      location.replace(await completeSignIn(query));
      return;
    } catch (e) {
      main.replaceChildren(h('h1', {}, t('signin.title')), notice(t('signin.failed', { detail: e instanceof Error ? e.message : String(e) }), 'error'));
    }
  } else if (query.has('expired')) {
    main.append(notice(t('signin.expired'), 'error'));
    const why = query.get('why');
    if (why) main.append(h('p', { class: 'hint', id: 'signin-why' }, t('signin.why', { detail: why })));
  } else if (query.get('state') === 'signedout') {
    main.append(notice(t('signin.signedout')));
  }
  const button = h('button', { type: 'button', id: 'signin', class: 'primary' }, t('signin.button'));
  button.addEventListener('click', () => { button.disabled = true; void signIn(returnTo); });
  main.append(h('p', {}, button));
  button.focus();
}

void main();
