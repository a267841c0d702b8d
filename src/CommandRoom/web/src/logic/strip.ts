// The thumbnail strips: 10×10 tiles a file (strip_001.jpg, …), tile k the first keyframe from k × every seconds on.

export const tilesPerSide = 10;
export const tilesPerStrip = tilesPerSide * tilesPerSide;

export interface TileRef { file: string; column: number; row: number; index: number }

export function tileAt(seconds: number, every: number): TileRef {
  const index = Math.max(0, Math.floor(seconds / every));
  const inStrip = index % tilesPerStrip;
  const file = `strip_${String(Math.floor(index / tilesPerStrip) + 1).padStart(3, '0')}.jpg`;
  return { file, column: inStrip % tilesPerSide, row: Math.floor(inStrip / tilesPerSide), index };
}

export function tileCount(duration: number, every: number): number {
  return Math.max(1, Math.ceil(duration / every));
}

/** The thumbnail interval the worker used, read from its recorded ffmpeg command (`fps=1/N`). */
export function everyFromCommands(commands: unknown): number | null {
  const text = JSON.stringify(commands ?? null);
  const match = /fps=1\/(\d+(?:\.\d+)?)/.exec(text);
  return match ? Number(match[1]) : null;
}

/** Seconds into the recording under pixel x of a strip `width` px wide showing `duration` seconds. */
export function timeAtX(x: number, width: number, duration: number): number {
  return Math.min(duration, Math.max(0, (x / width) * duration));
}

/** One frame's length from ffprobe's frame rate ("30000/1001"), for the frame step; 1/25 s when unknown. */
export function frameDuration(rate: string | undefined): number {
  const [n, d] = (rate ?? '').split('/').map(Number);
  return n > 0 && d > 0 ? d / n : 1 / 25;
}
