// Errors and empty states in words: what happened (the server's problem detail) and what to do.
import { ApiError } from '../api';
import { h } from '../dom';
import { t } from '../i18n';

export function describe(error: unknown): string {
  if (error instanceof ApiError) return error.status === 0 ? t('error.network') : t('error.generic', { detail: error.detail });
  return String(error);
}

export function notice(text: string, kind: 'error' | 'empty' | 'info' = 'info'): HTMLElement {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
