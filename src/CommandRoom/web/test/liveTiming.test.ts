import { describe, expect, it } from 'vitest';
import { catchUp, delayMs, reconnectDelayMs } from '../src/logic/liveTiming';

describe('a live tile keeping up', () => {
  it('jumps near the newest data when more than 2 s behind, never before the buffered range', () => {
    expect(catchUp(10, 9, 12.5)).toEqual({ seek: 12.2 });
    expect(catchUp(0, 2.9, 3.0)).toEqual({ seek: 2.9 });
  });
  it('plays 10 % faster when 0.8–2 s behind, at normal speed again under 0.3 s, and otherwise leaves the rate', () => {
    expect(catchUp(10, 0, 11)).toEqual({ rate: 1.1 });
    expect(catchUp(10, 0, 10.2)).toEqual({ rate: 1.0 });
    expect(catchUp(10, 0, 10.5)).toBeNull();
  });
});

describe('the measured delay', () => {
  it('is now against the producer clock of the frame on screen', () => {
    // The frame at 5 s was made at wall clock 100 000 ms; at 6.5 s on screen it is 101 500 ms; now is 102 300 ms.
    expect(delayMs({ wallMs: 100_000, seconds: 5 }, 6.5, 102_300)).toBeCloseTo(800);
  });
});

describe('connecting again', () => {
  it('waits 1, 2, 4 s, then 5 s between attempts', () => {
    expect([1, 2, 3, 4, 10].map(reconnectDelayMs)).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});
