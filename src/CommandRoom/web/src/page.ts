// Every page starts the same way: who is signed in, the top bar, then the page's own content (or the sign-in hint).
import { api, type Identity, type Role } from './api';
import { topBar } from './components/topbar';
import { notice } from './components/notice';
import { h } from './dom';
import { lang, t, type TextKey } from './i18n';
import { ready, token } from './session';

export async function startPage(section: string, roles: Role[], render: (main: HTMLElement, me: Identity) => Promise<void> | void): Promise<void> {
  document.documentElement.lang = lang();
  const main = h('main', { id: 'main' });
  let me: Identity | null = null;
  if (!(await ready())) return; // on the way to the provider's sign-in
  if (token()) me = await api.me().catch(() => null);
  document.body.replaceChildren(topBar(me, section), main);
  if (!me) { main.append(notice(t('signin.needed'))); return; }
  if (!roles.includes(me.role)) { main.append(notice(t('signin.wrongRole', { role: t(`role.${me.role}` as TextKey) }), 'error')); return; }
  await render(main, me);
}
