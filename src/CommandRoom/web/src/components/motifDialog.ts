// « Motif de la consultation »: asked before the first play of an item. A staff member picks one of the four motifs,
// an agent one of the four purposes L241-1 allows; both add a text. A native <dialog>: focus stays inside, Échap closes.
import { officerPurposes, staffMotifs, type Consultation, type Role } from '../api';
import { h } from '../dom';
import { t, type TextKey } from '../i18n';

export function askConsultation(role: Role): Promise<Consultation | null> {
  const choices = role === 'officer' ? officerPurposes : staffMotifs;
  const error = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const reason = h('textarea', { name: 'reason', id: 'motif-reason', rows: 2, maxlength: 1000, required: true });
  const options = choices.map((m) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'motif', value: m, required: true}), t(`motif.${m}` as TextKey)));
  const form = h('form', { method: 'dialog' },
    h('h2', {}, t('motif.title')),
    h('fieldset', {}, h('legend', {}, t('motif.title')), ...options),
    h('label', { for: 'motif-reason' }, t('motif.reason')), reason,
    h('p', { class: 'logged' }, t('motif.logged')), error,
    h('div', { class: 'actions' },
      h('button', { type: 'button', value: 'cancel', class: 'secondary', id: 'motif-cancel' }, t('motif.cancel')),
      h('button', { type: 'submit', value: 'ok', id: 'motif-confirm' }, t('motif.confirm'))));
  const dialog = h('dialog', { id: 'motif-dialog', 'aria-labelledby': 'motif-title' }, form);
  form.querySelector('h2')!.id = 'motif-title';
  document.body.append(dialog);
  return new Promise((resolve) => {
    const close = (value: Consultation | null) => { dialog.close(); dialog.remove(); resolve(value); };
    form.querySelector<HTMLButtonElement>('#motif-cancel')!.addEventListener('click', () => close(null));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(null); });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const motif = new FormData(form).get('motif');
      const text = reason.value.trim();
      if (!motif || !text) { error.textContent = t('motif.required'); error.hidden = false; return; }
      close({ motif: String(motif), reason: text });
    });
    dialog.showModal();
  });
}
