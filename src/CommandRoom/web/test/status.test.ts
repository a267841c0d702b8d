import { beforeEach, describe, expect, it } from 'vitest';
import { setLang } from '../src/i18n';
import { statusLabel, statusLine, statuses, underWay } from '../src/logic/status';

const reason = 'Step proxy failed for good at attempt 4: Service Unavailable';

describe('recording status', () => {
  beforeEach(() => setLang('fr'));
  it('labels a failed processing « échec du traitement », not « en traitement »', () => {
    expect(statusLabel('failed')).toBe('échec du traitement');
    expect(statusLabel('processing')).toBe('en traitement');
  });
  it('labels it « processing failed » in English', () => {
    setLang('en');
    expect(statusLabel('failed')).toBe('processing failed');
  });
  it('offers failed in the filter, and gives every status a label of its own', () => {
    expect(statuses).toContain('failed');
    for (const s of statuses) expect(statusLabel(s)).not.toBe(`status.${s}`);
  });
  it('shows a failed recording with its reason; the others by their label', () => {
    expect(statusLine({ status: 'failed', statusReason: reason })).toBe(`échec du traitement — ${reason}`);
    expect(statusLine({ status: 'failed', statusReason: null })).toBe('échec du traitement');
    expect(statusLine({ status: 'ready', statusReason: null })).toBe('prêt');
  });
  it('counts a failed recording as settled: no progress, no polling', () => {
    expect(underWay('failed')).toBe(false);
    expect(underWay('processing')).toBe(true);
    expect(underWay('received')).toBe(true);
  });
});
