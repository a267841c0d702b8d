import { describe, expect, it } from 'vitest';
import { gaps, overlaps, timeAxis } from '../src/logic/timeAxis';

const h = 3600_000;
describe('timeAxis', () => {
  it('maps instants to pixels and back', () => {
    const axis = timeAxis(0, 12 * h, 1200);
    expect(axis.x(6 * h)).toBe(600);
    expect(axis.time(300)).toBe(3 * h);
    expect(axis.x(axis.time(123.5))).toBeCloseTo(123.5);
  });
  it('picks ticks at a readable step, at least minTickPx apart', () => {
    const ticks = timeAxis(Date.UTC(2026, 11, 1, 8, 10), Date.UTC(2026, 11, 1, 20, 10), 1200).ticks();
    expect(ticks[0]).toBe(Date.UTC(2026, 11, 1, 9, 0));
    expect(ticks[1] - ticks[0]).toBe(h);
    expect(ticks.length).toBe(12);
  });
  it('refuses an empty window', () => {
    expect(() => timeAxis(5, 5, 100)).toThrow(RangeError);
  });
  it('finds the gaps between recordings, and the overlaps', () => {
    const spans = [{ start: 10, end: 20 }, { start: 15, end: 30 }, { start: 50, end: 60 }];
    expect(gaps(spans, 0, 100)).toEqual([{ start: 0, end: 10 }, { start: 30, end: 50 }, { start: 60, end: 100 }]);
    expect(overlaps(spans)).toEqual([[0, 1]]);
    expect(gaps([], 0, 10)).toEqual([{ start: 0, end: 10 }]);
  });
});
