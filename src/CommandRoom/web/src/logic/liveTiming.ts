// A live tile's timing, as plain functions (unit-tested): how it keeps up with the newest data, the delay it shows,
// and how long it waits before connecting again.

export type CatchUp = { seek: number } | { rate: number } | null;

/**
 * Behind the newest buffered data by `end - currentTime`: jump when far behind (a keyframe follows at most 1 s on),
 * play a little faster when somewhat behind, back to normal speed once close; otherwise leave it.
 */
export function catchUp(currentTime: number, start: number, end: number): CatchUp {
  const lag = end - currentTime;
  if (lag > 2) return { seek: Math.max(start, end - 0.3) };
  if (lag > 0.8) return { rate: 1.1 };
  if (lag < 0.3) return { rate: 1.0 };
  return null;
}

/** A reference point: the producer's wall clock (Unix ms) of the frame at `seconds` on the video's timeline. */
export interface Reference { wallMs: number; seconds: number }

/** The measured delay (ms): now against the producer's wall clock of the frame on screen. */
export function delayMs(reference: Reference, currentTime: number, nowMs: number): number {
  return nowMs - (reference.wallMs + (currentTime - reference.seconds) * 1000);
}

/** Before the n-th attempt in a row to connect again (n from 1): 1 s, 2 s, 4 s, then every 5 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(5000, 1000 * 2 ** Math.max(0, attempt - 1));
}
