// The one top bar: product, the sections the role may open (others are not shown), who is signed in, Se déconnecter.
import type { Identity, Role } from '../api';
import { h } from '../dom';
import { t, type TextKey } from '../i18n';
import { signOut } from '../session';

interface Section { key: TextKey; href: string; roles: Role[]; id: string }

export const sections: Section[] = [
  { id: 'live', key: 'nav.live', href: '/', roles: ['operator', 'admin'] },
  { id: 'recordings', key: 'nav.recordings', href: '/app/recordings.html', roles: ['operator', 'supervisor', 'admin'] },
  { id: 'mine', key: 'nav.mine', href: '/app/recordings.html', roles: ['officer'] },
  { id: 'timeline', key: 'nav.timeline', href: '/app/timeline.html', roles: ['operator', 'supervisor', 'admin', 'officer'] },
  { id: 'cases', key: 'nav.cases', href: '/app/cases.html', roles: ['operator', 'supervisor', 'admin'] },
  { id: 'packages', key: 'nav.packages', href: '/app/packages.html', roles: ['magistrate'] },
  { id: 'registre', key: 'nav.registre', href: '/app/registre.html', roles: ['admin', 'supervisor'] },
];

export function topBar(me: Identity | null, current: string): HTMLElement {
  const nav = h('nav', { 'aria-label': 'sections' });
  for (const s of sections.filter((s) => me && s.roles.includes(me.role)))
    nav.append(h('a', { href: s.href, 'aria-current': s.id === current ? 'page' : null, 'data-section': s.id }, t(s.key)));
  const who = h('span', { class: 'who', id: 'identity', title: me ? details(me) : null },
    me ? `${displayName(me)} · ${t(`role.${me.role}` as TextKey)}` : t('signedout'));
  const out = me ? h('button', { type: 'button', class: 'link', onclick: signOut }, t('signout')) : null;
  return h('header', { class: 'topbar' }, h('a', { class: 'product', href: home(me) }, t('product')), nav, who, out);
}

/** The product link opens the first section the role may open (a supervisor has no live wall). */
const home = (me: Identity | null): string => sections.find((s) => me && s.roles.includes(me.role))?.href ?? '/';

/** The agent's name when the token gives it (an identity provider does), else the token's subject. */
export function displayName(me: Identity): string {
  const name = [me.agent?.prenom, me.agent?.nom].filter(Boolean).join(' ');
  return name || me.subject;
}

const details = (me: Identity): string | null =>
  [me.agent?.matricule, me.agent?.grade, me.agent?.service].filter(Boolean).join(' · ') || null;
