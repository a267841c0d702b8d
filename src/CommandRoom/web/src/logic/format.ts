// fr-FR (or en-GB) dates, durations and sizes, the same on every page: « 1 déc. 2026 19:31 », « 1 h 02 min », « 1,9 Mo ».
import { lang } from '../i18n';

const locale = () => (lang() === 'en' ? 'en-GB' : 'fr-FR');

/** « 1 déc. 2026 19:31 »: day, short month, year, then the time (the browser's time zone unless one is given). */
export function formatDate(value: string | Date | null | undefined, timeZone?: string): string {
  if (value == null) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '—';
  const day = new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(date);
  const time = new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(date);
  return `${day} ${time}`;
}

/** « 10 000 »: a count, grouped as the locale groups it. */
export function formatCount(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}

/** « 19:31:07 », a camera's own clock on the player. */
export function formatClockTime(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone }).format(date);
}

/** « 0,85 s »: a short span to the hundredth (a live tile's measured delay). */
export function formatSeconds(seconds: number): string {
  const text = new Intl.NumberFormat(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(seconds);
  return `${text} s`;
}

/** « 1 h 02 min », « 12 min 05 s », « 45 s ». */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h} h ${two(m)} min`;
  if (m > 0) return `${m} min ${two(s)} s`;
  return `${s} s`;
}

/** « 00:01:02,040 »: elapsed time in a recording, to the millisecond (frame steps show). */
export function formatElapsed(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const two = (n: number) => String(n).padStart(2, '0');
  const sep = lang() === 'en' ? '.' : ',';
  return `${two(h)}:${two(m)}:${two(s)}${sep}${String(rest).padStart(3, '0')}`;
}

const units = { fr: ['o', 'ko', 'Mo', 'Go', 'To'], en: ['B', 'kB', 'MB', 'GB', 'TB'] };

/** « 1,9 Mo », « 4,2 Go » (decimal units, as disks are sold and as the magistrate's package size reads). */
export function formatSize(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes) || bytes < 0) return '—';
  const names = units[lang()];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < names.length - 1) { value /= 1000; unit++; }
  const digits = unit === 0 ? 0 : 1;
  const text = new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  return `${text} ${names[unit]}`;
}
