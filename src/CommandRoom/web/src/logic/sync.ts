// Several recordings played on one clock: the clock is wall time; each player shows clock − its recorded_at.

export interface Track { start: number; duration: number } // ms since the epoch, seconds

/** The shared clock's range: from the earliest start to the latest end (ms since the epoch). */
export function clockRange(tracks: Track[]): { start: number; end: number } {
  if (tracks.length === 0) throw new RangeError('no tracks');
  return {
    start: Math.min(...tracks.map((t) => t.start)),
    end: Math.max(...tracks.map((t) => t.start + t.duration * 1000)),
  };
}

/** Where a track's media should be at clock time `clock` (seconds into it), or null when it is not recording then. */
export function positionAt(track: Track, clock: number): number | null {
  const seconds = (clock - track.start) / 1000;
  return seconds < 0 || seconds > track.duration ? null : seconds;
}

/** The clock time a track's media time stands for. */
export function clockAt(track: Track, mediaTime: number): number {
  return track.start + mediaTime * 1000;
}

export type Correction = { kind: 'none' } | { kind: 'rate'; rate: number } | { kind: 'seek'; to: number };

/**
 * How to bring a follower back onto the clock: a small drift is taken in by a slightly faster or slower rate
 * (no visible jump), a large one by a seek.
 */
export function correction(actual: number, target: number, baseRate = 1, tolerance = 0.04, seekBeyond = 0.5): Correction {
  const drift = actual - target;
  if (Math.abs(drift) <= tolerance) return { kind: 'none' };
  if (Math.abs(drift) > seekBeyond) return { kind: 'seek', to: target };
  return { kind: 'rate', rate: baseRate * (drift > 0 ? 0.9 : 1.1) };
}
