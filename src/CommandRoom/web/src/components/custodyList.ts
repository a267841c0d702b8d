// The custody history as a readable list (quoi, qui, quand, pourquoi), each event's inclusion proof checked here,
// in the browser, against the signed checkpoint the server sent; and the lineage of derived files from the same events.
import type { CustodyHistory, LedgerEvent } from '../api';
import { h } from '../dom';
import { formatDate } from '../logic/format';
import { checkEvent } from '../logic/merkle';
import { label, t } from '../i18n';

const verdictText = { verified: () => t('custody.verified'), pending: () => t('custody.pending'), failed: () => t('custody.failed') };

export function custodyList(history: CustodyHistory): HTMLElement {
  const list = h('ol', { class: 'custody', id: 'custody' });
  for (const { event, proof } of history.events) {
    const verdict = h('span', { class: 'proof', 'data-proof': 'checking' }, '…');
    const why = (event.personal?.fields?.reason ?? event.details.reason ?? event.details.note) as string | undefined;
    const motif = event.details.motif as string | undefined;
    list.append(h('li', { 'data-action': event.action },
      h('strong', { title: event.action }, label('action', event.action)), ' ',
      h('span', {}, t('custody.by', { who: `${event.actorSubject ?? t('registre.erased')} (${event.actorRole})` })), ' · ',
      h('time', { datetime: event.time }, formatDate(event.time)),
      why ? h('div', { class: 'why' }, t('custody.why', { why: motif ? `${motif} — ${why}` : why })) : null,
      verdict));
    const cp = history.checkpoint;
    checkEvent(event.canonical, event.seq, event.leafHash, proof, cp?.size ?? null, cp?.rootHash ?? null).then((v) => {
      verdict.dataset.proof = v;
      verdict.textContent = verdictText[v]();
    });
  }
  return list;
}

export function lineage(events: LedgerEvent[]): HTMLElement {
  const list = h('ul', { class: 'lineage', id: 'lineage' });
  for (const e of events.filter((e) => e.action === 'derivative.created')) {
    const files = (e.details.files as Array<Record<string, unknown>> | undefined) ?? [];
    const tool = String(e.details.tool_version ?? '').split(' ').slice(0, 3).join(' ');
    list.append(h('li', {}, h('strong', {}, String(e.details.kind)), ' — ',
      t('lineage.from', { sha: String(e.details.parent_sha256 ?? '').slice(0, 12) + '…', tool }),
      h('details', {}, h('summary', {}, t('lineage.files', { n: files.length })),
        h('ul', {}, ...files.map((f) => h('li', {}, h('code', {}, `${f.name ?? f.Name} ${String(f.sha256 ?? f.Sha256).slice(0, 16)}…`)))))));
  }
  return list;
}
