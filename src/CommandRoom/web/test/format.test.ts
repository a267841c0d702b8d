import { beforeEach, describe, expect, it } from 'vitest';
import { setLang } from '../src/i18n';
import { formatCount, formatDate, formatDuration, formatElapsed, formatSeconds, formatSize } from '../src/logic/format';

describe('format (fr-FR)', () => {
  beforeEach(() => setLang('fr'));
  it('writes dates as « 1 déc. 2026 19:31 »', () => {
    expect(formatDate('2026-12-01T18:31:00Z', 'Europe/Paris')).toBe('1 déc. 2026 19:31');
    expect(formatDate('2026-07-14T08:05:00Z', 'UTC')).toBe('14 juil. 2026 08:05');
    expect(formatDate(null)).toBe('—');
  });
  it('writes durations as « 1 h 02 min », « 12 min 05 s », « 45 s »', () => {
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatDuration(725)).toBe('12 min 05 s');
    expect(formatDuration(44.6)).toBe('45 s');
    expect(formatDuration(43200)).toBe('12 h 00 min');
    expect(formatDuration(null)).toBe('—');
  });
  it('writes a live tile\'s delay as « 0,85 s »', () => {
    expect(formatSeconds(0.853)).toBe('0,85 s');
    expect(formatSeconds(12)).toBe('12,00 s');
  });
  it('groups counts by thousands: « 10 000 »', () => {
    expect(formatCount(10_000).replace(/\s/g, ' ')).toBe('10 000');
    expect(formatCount(42)).toBe('42');
  });
  it('writes sizes with a decimal comma: « 1,9 Mo », « 4,2 Go »', () => {
    expect(formatSize(1_900_000)).toBe('1,9 Mo');
    expect(formatSize(4_200_000_000)).toBe('4,2 Go');
    expect(formatSize(512)).toBe('512 o');
    expect(formatSize(38_482_407)).toBe('38,5 Mo');
  });
  it('writes elapsed time to the millisecond', () => {
    expect(formatElapsed(62.04)).toBe('00:01:02,040');
    expect(formatElapsed(3723.5)).toBe('01:02:03,500');
  });
});

describe('format (en)', () => {
  it('switches units and separators with the language', () => {
    setLang('en');
    expect(formatSize(1_900_000)).toBe('1.9 MB');
    expect(formatDate('2026-12-01T18:31:00Z', 'UTC')).toBe('1 Dec 2026 18:31');
    setLang('fr');
  });
});
