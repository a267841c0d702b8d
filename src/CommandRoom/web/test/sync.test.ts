import { describe, expect, it } from 'vitest';
import { clockAt, clockRange, correction, positionAt } from '../src/logic/sync';

const a = { start: 1_000_000, duration: 60 };
const b = { start: 1_002_500, duration: 60 }; // starts 2.5 s later

describe('sync', () => {
  it('puts each track at clock − its start, so two tracks differ by their recorded_at offset', () => {
    const clock = 1_010_000;
    expect(positionAt(a, clock)).toBe(10);
    expect(positionAt(b, clock)).toBe(7.5);
    expect(positionAt(a, clock)! - positionAt(b, clock)!).toBe(2.5);
  });
  it('says when a track is not recording at that time', () => {
    expect(positionAt(b, 1_001_000)).toBeNull();
    expect(positionAt(a, 1_000_000 + 61_000)).toBeNull();
  });
  it('spans the clock from the first start to the last end, and reads the clock back from a media time', () => {
    expect(clockRange([a, b])).toEqual({ start: 1_000_000, end: 1_062_500 });
    expect(clockAt(b, 7.5)).toBe(1_010_000);
  });
  it('takes small drift in by rate, large drift by a seek, and leaves a track in step alone', () => {
    expect(correction(10.02, 10)).toEqual({ kind: 'none' });
    expect(correction(10.2, 10)).toEqual({ kind: 'rate', rate: 0.9 });
    expect(correction(9.8, 10)).toEqual({ kind: 'rate', rate: 1.1 });
    expect(correction(12, 10)).toEqual({ kind: 'seek', to: 10 });
  });
});
