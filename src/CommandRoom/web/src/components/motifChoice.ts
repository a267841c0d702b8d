// The motif of a modification (R241-5) as a form field: one of the four staff motifs, logged with it. The Affaires
// pages (opening a case with recordings, adding recordings, holds) are for staff; the form's 'reason' field goes with it.
import { staffMotifs } from '../api';
import { h } from '../dom';
import { t, type TextKey } from '../i18n';

export function motifChoice(): HTMLElement {
  return h('label', {}, t('cases.motif'), h('select', { name: 'motif', required: true }, h('option', { value: '' }, t('cases.motifChoose')),
    ...staffMotifs.map((m) => h('option', { value: m }, t(`motif.${m}` as TextKey)))));
}
