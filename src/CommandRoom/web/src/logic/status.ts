// A recording's status as the workspace shows it: the filter's list, its label, whether work is under way, and why
// processing stopped. The server's statuses are RecordingStatus in src/Evidence/Recordings/Recording.cs.
import type { Status } from '../api';
import { t, type TextKey } from '../i18n';

/** Every status, in the order the filter lists them. */
export const statuses: readonly Status[] = ['received', 'processing', 'ready', 'unplayable', 'quarantined', 'failed', 'purged'];

export const statusLabel = (status: Status): string => t(`status.${status}` as TextKey);

/** Work still under way (its progress shown, the page read again until it settles); a failed one waits for an admin. */
export const underWay = (status: Status): boolean => status === 'received' || status === 'processing';

/** The label, and for a processing that failed for good, its reason (the step and its error) after it. */
export function statusLine(recording: { status: Status; statusReason: string | null }): string {
  const text = statusLabel(recording.status);
  return recording.status === 'failed' && recording.statusReason ? `${text} — ${recording.statusReason}` : text;
}
